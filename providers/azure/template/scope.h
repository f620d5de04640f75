// The evaluation state of one bound template (private to this library):
// parameters, variables, user functions and the declared resources, and the
// evaluator of expressions and JSON values over it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "providers/azure/template/expression.h"
#include "providers/azure/template/template.h"

namespace forma::azure::tmpl {

// Thrown inside this library only; the public entry points turn it into a Diagnostic.
struct TemplateFailure {
  std::string message;
  std::string pointer;  // JSON pointer of the value being evaluated; filled in when unwinding
  int offset = -1;      // inside the expression string, when known
};
[[noreturn]] void fail(std::string message);

std::string lower(std::string s);
bool iequals(const std::string& a, const std::string& b);
// "/resources/2/properties/x" -> "resources[2].properties.x"
std::string arm_path(const std::string& pointer);

struct CopyFrame {
  std::string name;
  int index = 0;
  bool resource_loop = false;
};

// What the expression being evaluated may use and what it touched.
struct EvalFrame {
  std::vector<CopyFrame> copies;
  const std::map<std::string, json>* function_args = nullptr;  // inside a user function, by lowercased name
  std::vector<std::pair<std::string, json>> lambda_vars;
  bool in_parameter_default = false;
  bool allow_reference = false;
  const char* reference_forbidden_reason = "here";
  ResourceResolver* resolver = nullptr;
  std::set<std::string>* references = nullptr;  // ids of template resources reference()d or list*()ed
  bool touched_secure = false;
};

struct ParameterDef {
  std::string name;
  std::string type;  // lowercased: string, securestring, int, bool, object, secureobject, array
  json decl;
  std::string pointer;
  bool secure() const { return type == "securestring" || type == "secureobject"; }
};

struct VariableSlot {
  std::string name;
  json decl;
  std::string pointer;
  bool is_copy = false;
  int state = 0;  // 0 pending, 1 evaluating, 2 done
  json value;
  bool secure = false;
};

struct UserFunction {
  std::string name;                                         // "namespace.member"
  std::vector<std::pair<std::string, std::string>> params;  // name, lowercased type
  json output;
  std::string pointer;
};

struct DeclaredResource {
  std::string id, type, name, api_version;
  std::string pointer;  // of the declaration
  std::vector<CopyFrame> copies;
  std::optional<CopyInfo> copy;
  int parent = -1;  // index in TemplateScope::resources
  bool enabled = true;
};

class TemplateScope {
 public:
  ArmTemplate tmpl;
  DeploymentContext ctx;
  TemplateSeams seams;
  std::map<std::string, ParameterDef> params;  // by lowercased name
  std::map<std::string, json> supplied;        // by lowercased name
  std::map<std::string, json> param_values;    // resolved, by lowercased name
  std::set<std::string> param_evaluating;
  std::map<std::string, VariableSlot> variables;
  std::vector<std::string> variable_stack;
  std::map<std::string, UserFunction> functions;  // by lowercased "ns.member"
  std::vector<DeclaredResource> resources;

  json parameter(const std::string& name, EvalFrame& frame);
  json variable(const std::string& name, EvalFrame& frame);
  json call_user_function(const UserFunction& f, std::vector<json> args, EvalFrame& frame);
  // The declared resource with this id (case-insensitive), or -1.
  int find_resource(const std::string& id) const;
  std::string resource_group_id() const;

  // Evaluates a JSON string: an expression, or a literal ("[[" escape removed).
  json eval_string(const std::string& s, const std::string& pointer, EvalFrame& frame);
  // Evaluates every string inside `v`; objects with a "copy" array expand property loops.
  json eval_value(const json& v, const std::string& pointer, EvalFrame& frame, bool property_loops = true);
  json eval_expr(const Expr& e, EvalFrame& frame);
};

// A value's JSON type as the error messages name it.
std::string type_name(const json& v);
// The parameter types: checks `v` against `type` (lowercased); "" when it fits, else what is wrong.
std::string check_parameter_type(const std::string& type, const json& v);

}  // namespace forma::azure::tmpl
