// Walks a syntax tree against a Scope. Private to engine/expr; the public
// entry point is evaluate() in expression.h.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/expr/syntax.h"

namespace forma::expr {

// A value with whether anything it was computed from is sensitive.
struct Val {
  json value;
  bool sensitive = false;
};

class Evaluator {
 public:
  struct Failure {};  // thrown after the diagnostic is recorded; caught by evaluate(), try(), can()

  Evaluator(const Expression& expr, const Scope& scope) : expr_(expr), scope_(scope) {}

  Val eval(const Node& n);
  Diagnostics& diags() { return diags_; }

 private:
  // Restores the for-expression and splat variables when a scope ends, even by Failure.
  class LocalsScope {
   public:
    explicit LocalsScope(Evaluator& ev) : ev_(ev), size_(ev.locals_.size()) {}
    ~LocalsScope() { ev_.locals_.resize(size_); }
    LocalsScope(const LocalsScope&) = delete;
    LocalsScope& operator=(const LocalsScope&) = delete;

   private:
    Evaluator& ev_;
    size_t size_;
  };

  [[noreturn]] void fail(const Node& at, std::string summary, std::string detail = {});
  static Val unknown(bool sensitive) { return {unknown_value(), sensitive}; }

  // evaluator.cpp
  Val local(const Node& n);
  Val reference(const Node& n);
  Val tuple(const Node& n);
  Val object(const Node& n);
  Val unary(const Node& n);
  Val binary(const Node& n);
  Val logic(const Node& n);
  Val conditional(const Node& n);
  bool condition_value(const Node& at, const Val& v, const char* what);
  std::string key_string(const Node& at, const json& key, const char* what);

  // evaluate_template.cpp
  Val template_string(const Node& n);
  // Appends the text of `n` to `out`; sets `unknown` when any part is not known yet.
  void render(const Node& n, std::string& out, bool& unknown, bool& sensitive);
  void render_if(const Node& n, std::string& out, bool& unknown, bool& sensitive);
  void render_for(const Node& n, std::string& out, bool& unknown, bool& sensitive);

  // evaluate_traversal.cpp
  Val get_attr(const Node& n);
  Val index(const Node& n);
  Val splat(const Node& n);
  Val index_list(const Node& n, Val list, const json& key);

  // evaluate_call.cpp
  Val call(const Node& n);
  Val try_call(const Node& n);
  Val can_call(const Node& n);
  std::vector<json> call_arguments(const Node& n, bool& unknown, bool& sensitive);

  // evaluate_for.cpp
  Val for_expression(const Node& n);
  // Calls body(key, value) for each element of a list or object, in order.
  template <typename Body>
  void each_element(const Node& at, const Val& collection, Body body);

  const Expression& expr_;
  const Scope& scope_;
  std::vector<std::pair<const std::string*, Val>> locals_;  // innermost last
  Diagnostics diags_;
};

}  // namespace forma::expr
