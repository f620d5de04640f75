// abs ceil floor max min pow log signum parseint range sum
#include <cmath>
#include <limits>

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

// range() refuses to build more than this many elements so a typo cannot
// exhaust memory.
constexpr double kMaxRangeLength = 1048576;

FunctionResult unary(const Args& a, double (*op)(double)) {
  auto n = as_number(a[0]);
  if (!n) return fail(bad_arg("num", "number"));
  return ok(number_value(op(*n)));
}

FunctionResult abs_fn(const Args& a, const Ctx&) { return unary(a, [](double d) { return std::fabs(d); }); }
FunctionResult ceil_fn(const Args& a, const Ctx&) { return unary(a, [](double d) { return std::ceil(d); }); }
FunctionResult floor_fn(const Args& a, const Ctx&) { return unary(a, [](double d) { return std::floor(d); }); }
FunctionResult signum_fn(const Args& a, const Ctx&) {
  return unary(a, [](double d) { return d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0; });
}

FunctionResult extreme(const Args& a, bool want_max) {
  double best = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    auto n = as_number(a[i]);
    if (!n) return fail("argument " + std::to_string(i + 1) + " must be a number, not " + type_name(a[i]));
    if (i == 0 || (want_max ? *n > best : *n < best)) best = *n;
  }
  return ok(number_value(best));
}
FunctionResult max_fn(const Args& a, const Ctx&) { return extreme(a, true); }
FunctionResult min_fn(const Args& a, const Ctx&) { return extreme(a, false); }

FunctionResult pow_fn(const Args& a, const Ctx&) {
  auto x = as_number(a[0]), y = as_number(a[1]);
  if (!x || !y) return fail("pow requires two numbers");
  double r = std::pow(*x, *y);
  if (!std::isfinite(r)) return fail("pow result is not a finite number");
  return ok(number_value(r));
}

FunctionResult log_fn(const Args& a, const Ctx&) {
  auto x = as_number(a[0]), base = as_number(a[1]);
  if (!x || !base) return fail("log requires two numbers");
  if (*x <= 0 || *base <= 0 || *base == 1) return fail("log requires a positive number and a positive base other than 1");
  return ok(number_value(std::log(*x) / std::log(*base)));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 36;
  return 99;
}

FunctionResult parseint_fn(const Args& a, const Ctx&) {
  auto text = as_string(a[0]);
  auto base = as_integer(a[1]);
  if (!text || !a[0].is_string()) return fail(bad_arg("number", "string"));
  if (!base || *base < 2 || *base > 62) return fail("base must be a whole number between 2 and 62");
  std::string s = *text;
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.erase(0, 1);
  if (s.empty()) return fail("cannot parse \"" + *text + "\" as a base " + std::to_string(*base) + " integer");
  double value = 0;
  for (char c : s) {
    // Up to base 36 letters are case-insensitive; above it 'A' is 36.
    int d = *base <= 36 && c >= 'A' && c <= 'Z' ? c - 'A' + 10 : digit_value(c);
    if (d >= *base) return fail("cannot parse \"" + *text + "\" as a base " + std::to_string(*base) + " integer");
    value = value * static_cast<double>(*base) + d;
  }
  if (value > 9007199254740992.0) return fail("\"" + *text + "\" is too large to represent exactly");
  return ok(number_value(negative ? -value : value));
}

FunctionResult range_fn(const Args& a, const Ctx&) {
  std::vector<double> n;
  for (const auto& arg : a) {
    auto d = as_number(arg);
    if (!d) return fail("range arguments must be numbers");
    n.push_back(*d);
  }
  double start = a.size() == 1 ? 0 : n[0];
  double limit = a.size() == 1 ? n[0] : n[1];
  double step = a.size() == 3 ? n[2] : (start <= limit ? 1 : -1);
  if (step == 0) return fail("step must not be zero");
  if (step > 0 && start > limit) return fail("when step is positive, start must be less than or equal to limit");
  if (step < 0 && start < limit) return fail("when step is negative, start must be greater than or equal to limit");
  if ((limit - start) / step > kMaxRangeLength) {
    return fail("range would produce more than 1048576 elements");
  }
  json out = json::array();
  // start + i*step, not repeated addition, so fractional steps do not drift.
  for (long long i = 0;; ++i) {
    double v = start + static_cast<double>(i) * step;
    if (step > 0 ? v >= limit : v <= limit) break;
    out.push_back(number_value(v));
  }
  return ok(out);
}

FunctionResult sum_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list of numbers"));
  if (a[0].empty()) return fail("cannot sum an empty list");
  double total = 0;
  for (const auto& v : a[0]) {
    auto d = as_number(v);
    if (!d) return fail("sum requires a list of numbers, but it contains a " + type_name(v));
    total += *d;
  }
  return ok(number_value(total));
}

}  // namespace

std::vector<FunctionSpec> numeric_functions() {
  return {
      {"abs", 1, 1, false, abs_fn},       {"ceil", 1, 1, false, ceil_fn},
      {"floor", 1, 1, false, floor_fn},   {"signum", 1, 1, false, signum_fn},
      {"max", 1, -1, false, max_fn},      {"min", 1, -1, false, min_fn},
      {"pow", 2, 2, false, pow_fn},       {"log", 2, 2, false, log_fn},
      {"parseint", 2, 2, false, parseint_fn}, {"range", 1, 3, false, range_fn},
      {"sum", 1, 1, false, sum_fn},
  };
}

}  // namespace forma::expr::fn
