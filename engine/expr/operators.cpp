#include "engine/expr/operators.h"

#include <cmath>
#include <cstdint>

#include "engine/expr/number.h"

namespace forma::expr {

namespace {

bool both_integers(const json& a, const json& b) {
  return a.is_number_integer() && b.is_number_integer();
}

// Integer arithmetic while exact; nullopt sends the caller to doubles.
std::optional<json> integer_arithmetic(Op op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case Op::Add:
      if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
      return json(r);
    case Op::Sub:
      if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
      return json(r);
    case Op::Mul:
      if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
      return json(r);
    case Op::Div:
      if (b == -1 || a % b != 0) return std::nullopt;
      return json(a / b);
    case Op::Mod:
      if (b == -1) return json(0);
      return json(a % b);
    default:
      return std::nullopt;
  }
}

std::string arithmetic(Op op, const json& a, const json& b, json& out) {
  bool zero_divisor = b.is_number_integer() ? b.get<int64_t>() == 0 : b.get<double>() == 0.0;
  if ((op == Op::Div || op == Op::Mod) && zero_divisor) return "Division by zero.";
  if (both_integers(a, b)) {
    auto exact = integer_arithmetic(op, a.get<int64_t>(), b.get<int64_t>());
    if (exact) {
      out = std::move(*exact);
      return {};
    }
  }
  double x = a.get<double>();
  double y = b.get<double>();
  double r = op == Op::Add   ? x + y
             : op == Op::Sub ? x - y
             : op == Op::Mul ? x * y
             : op == Op::Div ? x / y
                             : std::fmod(x, y);
  if (!std::isfinite(r)) return "The result is too large to be represented as a number.";
  out = normalize_number(r);
  return {};
}

bool compare(Op op, const json& a, const json& b) {
  if (both_integers(a, b)) {
    int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
    return op == Op::Lt ? x < y : op == Op::Le ? x <= y : op == Op::Gt ? x > y : x >= y;
  }
  double x = a.get<double>(), y = b.get<double>();
  return op == Op::Lt ? x < y : op == Op::Le ? x <= y : op == Op::Gt ? x > y : x >= y;
}

}  // namespace

std::string describe_type(const json& v) {
  if (is_unknown(v)) return "an unknown value";
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a bool";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

std::optional<json> as_number(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v;
  if (v.is_number()) return normalize_number(v.get<double>());
  if (v.is_string()) return parse_number(v.get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<bool> as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

std::optional<std::string> as_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return number_to_string(v);
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return std::nullopt;
}

std::string apply_numeric(Op op, const json& left, const json& right, json& out) {
  auto a = as_number(left);
  if (!a) return "Unsuitable value for left operand: a number is required, but got " +
                 describe_type(left) + ".";
  auto b = as_number(right);
  if (!b) return "Unsuitable value for right operand: a number is required, but got " +
                 describe_type(right) + ".";
  if (op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge) {
    out = compare(op, *a, *b);
    return {};
  }
  return arithmetic(op, *a, *b, out);
}

json apply_equality(Op op, const json& left, const json& right) {
  bool equal = left == right;
  return op == Op::Eq ? equal : !equal;
}

}  // namespace forma::expr
