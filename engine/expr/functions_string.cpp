// lower upper title join split substr trim trimspace trimprefix trimsuffix
// startswith endswith strrev chomp indent
#include <algorithm>
#include <cctype>

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

// Case mapping is ASCII only: Unicode case tables are not worth a dependency.
FunctionResult map_chars(const Args& a, int (*op)(int)) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  for (char& c : *s) {
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(op(c));
  }
  return ok(*s);
}
FunctionResult lower_fn(const Args& a, const Ctx&) { return map_chars(a, [](int c) { return std::tolower(c); }); }
FunctionResult upper_fn(const Args& a, const Ctx&) { return map_chars(a, [](int c) { return std::toupper(c); }); }

// Like Go's strings.Title: a letter after anything but a letter, digit or
// underscore starts a word.
FunctionResult title_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  bool word_start = true;
  for (char& c : *s) {
    auto u = static_cast<unsigned char>(c);
    if (word_start && u < 0x80) c = static_cast<char>(std::toupper(u));
    word_start = u < 0x80 && !std::isalnum(u) && u != '_';
  }
  return ok(*s);
}

FunctionResult join_fn(const Args& a, const Ctx&) {
  auto sep = as_string(a[0]);
  if (!sep) return fail(bad_arg("separator", "string"));
  std::string out;
  bool first = true;
  for (size_t i = 1; i < a.size(); ++i) {
    if (!a[i].is_array()) return fail(bad_arg("lists", "list of strings"));
    for (const auto& item : a[i]) {
      auto s = as_string(item);
      if (!s) return fail("join can only join strings, but the list contains a " + type_name(item));
      if (!first) out += *sep;
      out += *s;
      first = false;
    }
  }
  return ok(out);
}

FunctionResult split_fn(const Args& a, const Ctx&) {
  auto sep = as_string(a[0]), s = as_string(a[1]);
  if (!sep || !s) return fail("split requires a separator string and a string");
  json out = json::array();
  if (sep->empty()) {
    for (auto& cp : code_points(*s)) out.push_back(cp);
    return ok(out);
  }
  size_t pos = 0;
  for (size_t next; (next = s->find(*sep, pos)) != std::string::npos; pos = next + sep->size()) {
    out.push_back(s->substr(pos, next - pos));
  }
  out.push_back(s->substr(pos));
  return ok(out);
}

// Offsets and lengths count Unicode characters, not bytes.
FunctionResult substr_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  auto offset = as_integer(a[1]), length = as_integer(a[2]);
  if (!s || !offset || !length) return fail("substr requires a string, a whole-number offset and a length");
  auto cps = code_points(*s);
  long long n = static_cast<long long>(cps.size());
  long long start = *offset < 0 ? n + *offset : *offset;
  if (start < 0 || start > n) return fail("offset " + std::to_string(*offset) + " is out of range for a string of length " + std::to_string(n));
  long long end = *length < 0 ? n : std::min(n, start + *length);
  std::string out;
  for (long long i = start; i < end; ++i) out += cps[static_cast<size_t>(i)];
  return ok(out);
}

FunctionResult trim_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]), cutset = as_string(a[1]);
  if (!s || !cutset) return fail("trim requires a string and a string of characters to remove");
  auto cps = code_points(*s);
  auto cut = code_points(*cutset);
  auto in_cut = [&](const std::string& cp) { return std::find(cut.begin(), cut.end(), cp) != cut.end(); };
  size_t b = 0, e = cps.size();
  while (b < e && in_cut(cps[b])) ++b;
  while (e > b && in_cut(cps[e - 1])) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) out += cps[i];
  return ok(out);
}

FunctionResult trimspace_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  const char* ws = " \t\n\r\f\v";
  size_t b = s->find_first_not_of(ws);
  if (b == std::string::npos) return ok("");
  return ok(s->substr(b, s->find_last_not_of(ws) - b + 1));
}

FunctionResult affix(const Args& a, bool prefix, bool trim) {
  auto s = as_string(a[0]), x = as_string(a[1]);
  if (!s || !x) return fail("two strings are required");
  bool has = s->size() >= x->size() &&
             s->compare(prefix ? 0 : s->size() - x->size(), x->size(), *x) == 0;
  if (!trim) return ok(has);
  if (!has) return ok(*s);
  return ok(prefix ? s->substr(x->size()) : s->substr(0, s->size() - x->size()));
}
FunctionResult trimprefix_fn(const Args& a, const Ctx&) { return affix(a, true, true); }
FunctionResult trimsuffix_fn(const Args& a, const Ctx&) { return affix(a, false, true); }
FunctionResult startswith_fn(const Args& a, const Ctx&) { return affix(a, true, false); }
FunctionResult endswith_fn(const Args& a, const Ctx&) { return affix(a, false, false); }

FunctionResult strrev_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  auto cps = code_points(*s);
  std::string out;
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) out += *it;
  return ok(out);
}

FunctionResult chomp_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  while (!s->empty() && (s->back() == '\n' || s->back() == '\r')) s->pop_back();
  return ok(*s);
}

FunctionResult indent_fn(const Args& a, const Ctx&) {
  auto n = as_integer(a[0]);
  auto s = as_string(a[1]);
  if (!n || *n < 0 || *n > 1024) return fail("spaces must be a whole number from 0 to 1024");
  if (!s) return fail(bad_arg("str", "string"));
  std::string pad(static_cast<size_t>(*n), ' '), out;
  for (char c : *s) {
    out += c;
    if (c == '\n') out += pad;
  }
  return ok(out);
}

}  // namespace

std::vector<FunctionSpec> string_functions() {
  return {
      {"lower", 1, 1, false, lower_fn},           {"upper", 1, 1, false, upper_fn},
      {"title", 1, 1, false, title_fn},           {"join", 2, -1, false, join_fn},
      {"split", 2, 2, false, split_fn},           {"substr", 3, 3, false, substr_fn},
      {"trim", 2, 2, false, trim_fn},             {"trimspace", 1, 1, false, trimspace_fn},
      {"trimprefix", 2, 2, false, trimprefix_fn}, {"trimsuffix", 2, 2, false, trimsuffix_fn},
      {"startswith", 2, 2, false, startswith_fn}, {"endswith", 2, 2, false, endswith_fn},
      {"strrev", 1, 1, false, strrev_fn},         {"chomp", 1, 1, false, chomp_fn},
      {"indent", 2, 2, false, indent_fn},
  };
}

}  // namespace forma::expr::fn
