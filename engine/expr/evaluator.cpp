// Evaluation of the node kinds that need no helpers of their own: literals,
// names, collections, operators and conditionals.
#include "engine/expr/evaluator.h"

#include <optional>

#include "engine/expr/operators.h"

namespace forma::expr {

Val Evaluator::eval(const Node& n) {
  switch (n.kind) {
    case NodeKind::Literal: return {n.value, false};
    case NodeKind::Template:
    case NodeKind::TemplateIf:
    case NodeKind::TemplateFor: return template_string(n);
    case NodeKind::Tuple: return tuple(n);
    case NodeKind::Object: return object(n);
    case NodeKind::Reference: return reference(n);
    case NodeKind::LocalVar: return local(n);
    case NodeKind::GetAttr: return get_attr(n);
    case NodeKind::Index: return index(n);
    case NodeKind::Splat: return splat(n);
    case NodeKind::Call: return call(n);
    case NodeKind::Unary: return unary(n);
    case NodeKind::Binary: return binary(n);
    case NodeKind::Conditional: return conditional(n);
    case NodeKind::For: return for_expression(n);
  }
  fail(n, "Invalid expression");
}

void Evaluator::fail(const Node& at, std::string summary, std::string detail) {
  diags_.push_back(Diagnostic::error(std::move(summary), std::move(detail),
                                     expr_.range_of(at.begin, at.end), expr_.json_path));
  throw Failure{};
}

Val Evaluator::local(const Node& n) {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
    if (*it->first == n.name) return it->second;
  fail(n, "Invalid reference", "\"" + n.name + "\" is not available here.");
}

Val Evaluator::reference(const Node& n) {
  const Reference& ref = expr_.refs[n.ref];
  LookupResult found = scope_.lookup(ref);
  if (!found.found) {
    std::string why = found.error.empty() ? "There is nothing named \"" + ref.text + "\"." : found.error;
    fail(n, "Invalid reference", why);
  }
  return {std::move(found.value), found.sensitive};
}

Val Evaluator::tuple(const Node& n) {
  Val out{json::array(), false};
  for (const auto& element : n.children) {
    Val v = eval(*element);
    out.sensitive |= v.sensitive;
    out.value.push_back(std::move(v.value));
  }
  return out;
}

Val Evaluator::object(const Node& n) {
  Val out{json::object(), false};
  bool unknown_key = false;
  for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
    Val key = eval(*n.children[i]);
    Val value = eval(*n.children[i + 1]);
    out.sensitive |= key.sensitive || value.sensitive;
    if (is_unknown(key.value)) {
      unknown_key = true;
      continue;
    }
    std::string name = key_string(*n.children[i], key.value, "object key");
    if (out.value.contains(name))
      fail(*n.children[i], "Duplicate object key",
           "The key \"" + name + "\" is already set in this object.");
    out.value[name] = std::move(value.value);
  }
  if (unknown_key) return unknown(out.sensitive);
  return out;
}

std::string Evaluator::key_string(const Node& at, const json& key, const char* what) {
  if (key.is_null()) fail(at, std::string("Invalid ") + what, "The key must not be null.");
  auto text = as_string(key);
  if (!text)
    fail(at, std::string("Invalid ") + what,
         "The key must be a string, but it is " + describe_type(key) + ".");
  return *text;
}

bool Evaluator::condition_value(const Node& at, const Val& v, const char* what) {
  if (v.value.is_null())
    fail(at, std::string("Invalid ") + what, "The condition value is null.");
  auto b = as_bool(v.value);
  if (!b)
    fail(at, std::string("Invalid ") + what,
         "The condition must be a bool, but it is " + describe_type(v.value) + ".");
  return *b;
}

Val Evaluator::unary(const Node& n) {
  Val v = eval(*n.children[0]);
  if (is_unknown(v.value)) return unknown(v.sensitive);
  if (n.op == Op::Not) {
    auto b = as_bool(v.value);
    if (!b)
      fail(n, "Invalid operand",
           "Unsuitable value for unary operand: a bool is required, but got " +
               describe_type(v.value) + ".");
    return {!*b, v.sensitive};
  }
  json out;
  std::string error = apply_numeric(Op::Sub, json(0), v.value, out);
  if (!error.empty())
    fail(n, "Invalid operand",
         "Unsuitable value for unary operand: a number is required, but got " +
             describe_type(v.value) + ".");
  return {std::move(out), v.sensitive};
}

Val Evaluator::binary(const Node& n) {
  if (n.op == Op::And || n.op == Op::Or) return logic(n);
  Val left = eval(*n.children[0]);
  Val right = eval(*n.children[1]);
  bool sensitive = left.sensitive || right.sensitive;
  if (n.op == Op::Eq || n.op == Op::Ne) {
    if (contains_unknown(left.value) || contains_unknown(right.value)) return unknown(sensitive);
    return {apply_equality(n.op, left.value, right.value), sensitive};
  }
  if (is_unknown(left.value) || is_unknown(right.value)) return unknown(sensitive);
  json out;
  std::string error = apply_numeric(n.op, left.value, right.value, out);
  if (!error.empty()) fail(n, error == "Division by zero." ? "Division by zero" : "Invalid operand", error);
  return {std::move(out), sensitive};
}

// && and || look at the right operand only when the left does not decide,
// so "x != null && x.y" works; a known deciding operand beats an unknown one.
Val Evaluator::logic(const Node& n) {
  bool is_and = n.op == Op::And;
  auto operand = [&](const Node& side, const char* which) -> std::pair<Val, std::optional<bool>> {
    Val v = eval(side);
    if (is_unknown(v.value)) return {std::move(v), std::nullopt};
    auto b = as_bool(v.value);
    if (!b)
      fail(side, "Invalid operand",
           std::string("Unsuitable value for ") + which + " operand: a bool is required, but got " +
               describe_type(v.value) + ".");
    return {std::move(v), b};
  };
  auto [left, left_bool] = operand(*n.children[0], "left");
  if (left_bool && *left_bool != is_and) return {*left_bool, left.sensitive};
  auto [right, right_bool] = operand(*n.children[1], "right");
  bool sensitive = left.sensitive || right.sensitive;
  if (right_bool && *right_bool != is_and) return {*right_bool, sensitive};
  if (!left_bool || !right_bool) return unknown(sensitive);
  return {is_and, sensitive};
}

Val Evaluator::conditional(const Node& n) {
  Val condition = eval(*n.children[0]);
  if (is_unknown(condition.value)) return unknown(condition.sensitive);
  bool chosen = condition_value(*n.children[0], condition, "condition");
  Val result = eval(*n.children[chosen ? 1 : 2]);
  result.sensitive |= condition.sensitive;
  return result;
}

}  // namespace forma::expr
