// format and formatlist: Go's fmt verbs as Terraform documents them —
// %v %#v %s %q %d %f %e %g %x %X %o %b %t %%, flags "-+ 0#", width,
// precision and explicit argument indexes such as %[2]s.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/base/text.h"
#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

struct Verb {
  bool left = false, plus = false, space = false, zero = false, sharp = false;
  int width = -1, precision = -1;
  char letter = 0;
};

std::string pad(std::string s, const Verb& v, bool numeric) {
  size_t len = code_points(s).size();
  if (v.width < 0 || len >= static_cast<size_t>(v.width)) return s;
  size_t fill = static_cast<size_t>(v.width) - len;
  if (v.left) return s + std::string(fill, ' ');
  if (v.zero && numeric) {
    size_t sign = !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
    return s.insert(sign, fill, '0');
  }
  return std::string(fill, ' ') + s;
}

std::string with_sign(std::string digits, bool negative, const Verb& v) {
  if (negative) return "-" + digits;
  if (v.plus) return "+" + digits;
  if (v.space) return " " + digits;
  return digits;
}

std::string integer_text(long long n, const Verb& v) {
  unsigned long long u = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  int base = v.letter == 'x' || v.letter == 'X' ? 16 : v.letter == 'o' ? 8 : v.letter == 'b' ? 2 : 10;
  const char* digits = v.letter == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[u % static_cast<unsigned>(base)]);
    u /= static_cast<unsigned>(base);
  } while (u);
  return with_sign(out, n < 0, v);
}

std::string float_text(double d, const Verb& v) {
  char spec[8] = {'%', '.', '*', v.letter, 0};
  int precision = v.precision >= 0 ? v.precision : (v.letter == 'g' || v.letter == 'G') ? -1 : 6;
  char buf[512];
  if (precision < 0) {
    spec[1] = v.letter;
    spec[2] = 0;
    std::snprintf(buf, sizeof buf, spec, std::fabs(d));
  } else {
    std::snprintf(buf, sizeof buf, spec, std::min(precision, 100), std::fabs(d));
  }
  return with_sign(buf, std::signbit(d) && d != 0, v);
}

std::optional<std::string> render(const Verb& v, const json& arg, size_t position, std::string& error) {
  auto unsupported = [&](const char* wanted) {
    error = std::string("unsupported value for \"%") + v.letter + "\" at " + std::to_string(position) + ": " + wanted;
    return std::nullopt;
  };
  if (arg.is_null()) return unsupported("null value cannot be formatted");
  switch (v.letter) {
    case 'v':
      if (v.sharp || arg.is_array() || arg.is_object()) return pad(arg.dump(), v, false);
      return pad(*as_string(arg), v, arg.is_number());
    case 's':
    case 'q': {
      auto s = as_string(arg);
      if (!s) return unsupported("string required");
      if (v.precision >= 0) {
        auto cps = code_points(*s);
        if (cps.size() > static_cast<size_t>(v.precision)) cps.resize(static_cast<size_t>(v.precision));
        s = std::string();
        for (auto& cp : cps) *s += cp;
      }
      return pad(v.letter == 'q' ? quote(*s) : *s, v, false);
    }
    case 't': {
      auto b = as_bool(arg);
      if (!b) return unsupported("bool required");
      return pad(*b ? "true" : "false", v, false);
    }
    case 'd': case 'x': case 'X': case 'o': case 'b': {
      auto n = as_integer(arg);
      if (!n) return unsupported("integer required");
      return pad(integer_text(*n, v), v, true);
    }
    case 'f': case 'e': case 'E': case 'g': case 'G': {
      auto n = as_number(arg);
      if (!n) return unsupported("number required");
      return pad(float_text(*n, v), v, true);
    }
    default:
      error = std::string("unrecognized format verb \"%") + v.letter + "\" at " + std::to_string(position);
      return std::nullopt;
  }
}

// Reads flags, [index], width and precision after a '%'; `i` ends on the verb.
Verb parse_verb(const std::string& f, size_t& i, size_t& next_arg, std::string& error) {
  Verb v;
  for (; i < f.size() && std::string_view("-+ 0#").find(f[i]) != std::string_view::npos; ++i) {
    v.left |= f[i] == '-'; v.plus |= f[i] == '+'; v.space |= f[i] == ' ';
    v.zero |= f[i] == '0'; v.sharp |= f[i] == '#';
  }
  auto is_digit = [&] { return i < f.size() && std::isdigit(static_cast<unsigned char>(f[i])); };
  auto number = [&](int& out) {  // capped so "%99999999d" cannot allocate gigabytes
    if (!is_digit()) return;
    for (out = 0; is_digit(); ++i) out = std::min(out * 10 + (f[i] - '0'), 1000);
  };
  if (i < f.size() && f[i] == '[') {
    int index = 0;
    ++i;
    number(index);
    if (i >= f.size() || f[i] != ']' || index < 1) error = "invalid argument index in format string";
    next_arg = static_cast<size_t>(index > 0 ? index - 1 : 0);
    ++i;
  }
  number(v.width);
  if (i < f.size() && f[i] == '.') {
    ++i;
    v.precision = 0;
    number(v.precision);
  }
  if (i >= f.size()) error = "format string ends in the middle of a verb";
  else v.letter = f[i];
  return v;
}

std::optional<std::string> format_once(const std::string& f, const Args& args, std::string& error) {
  std::string out;
  size_t next_arg = 0, used = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    if (i + 1 < f.size() && f[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    ++i;
    Verb v = parse_verb(f, i, next_arg, error);
    if (!error.empty()) return std::nullopt;
    if (next_arg >= args.size()) {
      error = "not enough arguments for format string";
      return std::nullopt;
    }
    auto text = render(v, args[next_arg], next_arg + 1, error);
    if (!text) return std::nullopt;
    out += *text;
    used = std::max(used, ++next_arg);
  }
  if (used < args.size()) {
    error = "too many arguments; only " + std::to_string(used) + " used by format string";
    return std::nullopt;
  }
  return out;
}

FunctionResult format_fn(const Args& a, const Ctx&) {
  auto f = as_string(a[0]);
  if (!f) return fail(bad_arg("format", "string"));
  std::string error;
  auto out = format_once(*f, Args(a.begin() + 1, a.end()), error);
  return out ? ok(*out) : fail(error);
}

// Lists are iterated in step; any other argument is repeated on every line.
FunctionResult formatlist_fn(const Args& a, const Ctx&) {
  auto f = as_string(a[0]);
  if (!f) return fail(bad_arg("format", "string"));
  size_t n = 1;
  bool seen_list = false;
  for (size_t i = 1; i < a.size(); ++i) {
    if (!a[i].is_array()) continue;
    if (seen_list && a[i].size() != n) return fail("all list arguments must have the same length");
    n = a[i].size();
    seen_list = true;
  }
  json out = json::array();
  for (size_t row = 0; row < n; ++row) {
    Args args;
    for (size_t i = 1; i < a.size(); ++i) args.push_back(a[i].is_array() ? a[i][row] : a[i]);
    std::string error;
    auto line = format_once(*f, args, error);
    if (!line) return fail("error on format iteration " + std::to_string(row) + ": " + error);
    out.push_back(*line);
  }
  return ok(out);
}

}  // namespace

std::vector<FunctionSpec> format_functions() {
  return {
      {"format", 1, -1, false, format_fn},
      {"formatlist", 1, -1, false, formatlist_fn},
  };
}

}  // namespace forma::expr::fn
