// Numeric, logical and comparison functions, and copyIndex().
#include <algorithm>
#include <cmath>
#include <limits>

#include "providers/azure/template/functions.h"

namespace forma::azure::tmpl {
namespace {

bool both_ints(const Call& c) { return c.args[0].is_number_integer() && c.args[1].is_number_integer(); }

json arithmetic(Call& c, char op) {
  if (!both_ints(c)) {
    double a = c.number(0), b = c.number(1);
    if ((op == '/' || op == '%') && b == 0) c.error("cannot divide by zero");
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      default:
        return std::fmod(a, b);
    }
  }
  int64_t a = c.integer(0), b = c.integer(1), r = 0;
  bool overflow = false;
  switch (op) {
    case '+':
      overflow = __builtin_add_overflow(a, b, &r);
      break;
    case '-':
      overflow = __builtin_sub_overflow(a, b, &r);
      break;
    case '*':
      overflow = __builtin_mul_overflow(a, b, &r);
      break;
    default:
      if (b == 0) c.error("cannot divide by zero");
      if (a == std::numeric_limits<int64_t>::min() && b == -1)
        overflow = true;
      else
        r = op == '/' ? a / b : a % b;
  }
  if (overflow) c.error("overflows a 64-bit integer");
  return r;
}

json fn_add(Call& c) { return arithmetic(c, '+'); }
json fn_sub(Call& c) { return arithmetic(c, '-'); }
json fn_mul(Call& c) { return arithmetic(c, '*'); }
json fn_div(Call& c) { return arithmetic(c, '/'); }
json fn_mod(Call& c) { return arithmetic(c, '%'); }

json fn_int(Call& c) {
  const json& v = c.args[0];
  if (v.is_number_integer()) return v;
  if (v.is_number_float()) return static_cast<int64_t>(std::trunc(v.get<double>()));
  if (v.is_string()) {
    try {
      size_t used = 0;
      int64_t n = std::stoll(v.get<std::string>(), &used);
      if (used == v.get_ref<const std::string&>().size()) return n;
    } catch (...) {
    }
    c.error("cannot convert \"" + v.get<std::string>() + "\" to an integer");
  }
  c.wrong_type(0, "a string or a number");
}

json fn_float(Call& c) {
  const json& v = c.args[0];
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get_ref<const std::string&>().size()) return d;
    } catch (...) {
    }
    c.error("cannot convert \"" + v.get<std::string>() + "\" to a float");
  }
  c.wrong_type(0, "a string or a number");
}

json min_max(Call& c, bool want_max) {
  std::vector<json> values;
  if (c.args.size() == 1 && c.args[0].is_array())
    values.assign(c.args[0].begin(), c.args[0].end());
  else
    values = c.args;
  if (values.empty()) c.error("expects at least one number");
  json best;
  for (const auto& v : values) {
    if (!v.is_number()) c.error("expects numbers, got " + type_name(v));
    if (best.is_null() ||
        (want_max ? v.get<double>() > best.get<double>() : v.get<double>() < best.get<double>()))
      best = v;
  }
  return best;
}

json fn_min(Call& c) { return min_max(c, false); }
json fn_max(Call& c) { return min_max(c, true); }

json fn_copy_index(Call& c) {
  std::string name;
  int64_t offset = 0;
  if (!c.args.empty()) {
    if (c.args[0].is_string()) {
      name = c.args[0].get<std::string>();
      if (c.args.size() > 1) offset = c.integer(1);
    } else {
      offset = c.integer(0);
      if (c.args.size() > 1) c.error("expects (offset) or ('loopName', offset)");
    }
  }
  const auto& copies = c.frame.copies;
  const CopyFrame* found = nullptr;
  for (auto it = copies.rbegin(); it != copies.rend() && !found; ++it)
    if (name.empty() ? it->resource_loop : iequals(it->name, name)) found = &*it;
  if (!found && name.empty() && !copies.empty()) found = &copies.back();
  if (!found) {
    if (name.empty()) c.error("can only be used inside a copy loop");
    c.error("finds no copy loop named '" + name + "' around it");
  }
  return found->index + offset;
}

// ---- logical ----------------------------------------------------------------

json lazy_bool(Call& c, size_t i) {
  json v = c.eval_arg(i);
  if (is_unknown(v)) return v;
  if (!v.is_boolean())
    c.error("expects argument " + std::to_string(i + 1) + " to be a boolean, got " + type_name(v));
  return v;
}

json and_or(Call& c, bool is_and) {
  bool unknown = false;
  for (size_t i = 0; i < c.count(); ++i) {
    json v = lazy_bool(c, i);
    if (is_unknown(v))
      unknown = true;
    else if (v.get<bool>() != is_and)
      return !is_and;  // a known false decides and(), a known true or()
  }
  if (unknown) return unknown_value();
  return is_and;
}

json fn_and(Call& c) { return and_or(c, true); }
json fn_or(Call& c) { return and_or(c, false); }
json fn_not(Call& c) { return !c.boolean(0); }

json fn_if(Call& c) {
  json cond = lazy_bool(c, 0);
  if (!is_unknown(cond)) return c.eval_arg(cond.get<bool>() ? 1 : 2);
  json a = c.eval_arg(1), b = c.eval_arg(2);
  if (a == b && !contains_unknown(a)) return a;
  return unknown_value();
}

json fn_bool(Call& c) {
  const json& v = c.args[0];
  if (v.is_boolean()) return v;
  if (v.is_number_integer()) return v.get<int64_t>() != 0;
  if (v.is_string()) {
    std::string s = lower(v.get<std::string>());
    if (s == "true") return true;
    if (s == "false") return false;
    c.error("cannot convert \"" + v.get<std::string>() + "\" to a boolean");
  }
  c.wrong_type(0, "a string, an integer or a boolean");
}

json fn_true(Call&) { return true; }
json fn_false(Call&) { return false; }

json fn_coalesce(Call& c) {
  for (size_t i = 0; i < c.count(); ++i) {
    json v = c.eval_arg(i);
    if (is_unknown(v)) return unknown_value();
    if (!v.is_null()) return v;
  }
  return nullptr;
}

// ---- comparison -------------------------------------------------------------

json fn_equals(Call& c) { return json_equals(c.args[0], c.args[1]); }

int compare(Call& c) {
  if (c.args[0].is_number() && c.args[1].is_number()) {
    double a = c.args[0].get<double>(), b = c.args[1].get<double>();
    if (both_ints(c)) {
      int64_t x = c.args[0].get<int64_t>(), y = c.args[1].get<int64_t>();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (c.args[0].is_string() && c.args[1].is_string()) {
    int r = c.args[0].get<std::string>().compare(c.args[1].get<std::string>());
    return r < 0 ? -1 : r > 0 ? 1 : 0;
  }
  c.error("compares two numbers or two strings, got " + type_name(c.args[0]) + " and " +
          type_name(c.args[1]));
}

json fn_less(Call& c) { return compare(c) < 0; }
json fn_less_or_equals(Call& c) { return compare(c) <= 0; }
json fn_greater(Call& c) { return compare(c) > 0; }
json fn_greater_or_equals(Call& c) { return compare(c) >= 0; }

}  // namespace

void add_numeric_functions(std::vector<Builtin>& out) {
  out.insert(out.end(), {
                            {"add", 2, 2, fn_add},
                            {"sub", 2, 2, fn_sub},
                            {"mul", 2, 2, fn_mul},
                            {"div", 2, 2, fn_div},
                            {"mod", 2, 2, fn_mod},
                            {"int", 1, 1, fn_int},
                            {"float", 1, 1, fn_float},
                            {"min", 1, -1, fn_min},
                            {"max", 1, -1, fn_max},
                            {"copyIndex", 0, 2, fn_copy_index},
                            {"and", 1, -1, fn_and, kLazy},
                            {"or", 1, -1, fn_or, kLazy},
                            {"not", 1, 1, fn_not},
                            {"if", 3, 3, fn_if, kLazy},
                            {"bool", 1, 1, fn_bool},
                            {"true", 0, 0, fn_true},
                            {"false", 0, 0, fn_false},
                            {"coalesce", 1, -1, fn_coalesce, kLazy},
                            {"equals", 2, 2, fn_equals},
                            {"less", 2, 2, fn_less},
                            {"lessOrEquals", 2, 2, fn_less_or_equals},
                            {"greater", 2, 2, fn_greater},
                            {"greaterOrEquals", 2, 2, fn_greater_or_equals},
                        });
}

}  // namespace forma::azure::tmpl
