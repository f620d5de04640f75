// The built-in template functions (private to this library): a table of
// name, arity and implementation, filled by one file per function family.
#pragma once

#include <string>
#include <vector>

#include "providers/azure/template/scope.h"

namespace forma::azure::tmpl {

struct Call {
  TemplateScope& scope;
  EvalFrame& frame;
  const Expr& node;
  std::string name;        // as written
  std::vector<json> args;  // evaluated, except for lazy functions

  json eval_arg(size_t i) { return scope.eval_expr(*node.args.at(i), frame); }
  size_t count() const { return node.args.size(); }

  [[noreturn]] void error(const std::string& message) const;
  [[noreturn]] void wrong_type(size_t i, const std::string& expected) const;
  const std::string& str(size_t i) const;
  int64_t integer(size_t i) const;
  double number(size_t i) const;  // int or float
  bool boolean(size_t i) const;
  const json& array(size_t i) const;
  const json& object(size_t i) const;
};

using BuiltinFn = json (*)(Call&);

enum BuiltinFlags : unsigned {
  kLazy = 1,         // arguments are evaluated by the function itself
  kPassUnknown = 2,  // unknowns nested inside arguments are carried through, not propagated
  kHoldUnknown = 4,  // builds a container: even unknown arguments become elements
};

struct Builtin {
  const char* name;
  int min_args;
  int max_args;  // -1: any number
  BuiltinFn fn;
  unsigned flags = 0;
};

void add_string_functions(std::vector<Builtin>& out);
void add_collection_functions(std::vector<Builtin>& out);
void add_numeric_functions(std::vector<Builtin>& out);
void add_deployment_functions(std::vector<Builtin>& out);
void add_resource_functions(std::vector<Builtin>& out);

// By lowercased name; null when there is no such built-in.
const Builtin* find_builtin(const std::string& lowered);

// Helpers shared by the families.
std::string to_display_string(const json& v);  // what string() returns
std::string json_compact(const json& v);
bool json_equals(const json& a, const json& b);
// utcNow() formats and .NET composite formatting for format().
std::string format_utc(std::chrono::system_clock::time_point t, const std::string& format);
std::string dotnet_format(const std::string& fmt, const std::vector<json>& args, const Call& call);

}  // namespace forma::azure::tmpl
