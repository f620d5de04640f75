// regex regexall replace. Patterns are ECMAScript (std::regex) with RE2's
// named groups (?P<name>...) and (?<name>...) accepted, since Terraform
// users write those.
#include <pthread.h>

#include <functional>
#include <optional>
// GCC 12 reports a false maybe-uninitialized inside <regex> at -O2.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

// libstdc++'s matcher recurses several frames per input character, so
// matching runs on a thread with a large stack, and these bounds keep a
// hostile pattern or input from outgrowing even that.
constexpr size_t kMaxPattern = 1024;
constexpr size_t kMaxInput = 16 * 1024;
constexpr size_t kMatchStackBytes = 256 * 1024 * 1024;  // reserved, touched only as used

// Runs `work` to completion on a thread whose stack is kMatchStackBytes; runs
// it here if such a thread cannot be made.
void run_on_large_stack(const std::function<void()>& work) {
  pthread_attr_t attr;
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, kMatchStackBytes) == 0 &&
                 pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&work)) == 0;
  pthread_attr_destroy(&attr);
  if (started) pthread_join(thread, nullptr);
  else work();
}

struct CompiledPattern {
  std::regex re;
  std::vector<std::string> group_names;  // [i] names group i+1; "" if unnamed
};

// Removes group names (std::regex has none) and records which group had which.
std::string strip_group_names(const std::string& pattern, std::vector<std::string>& names) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      std::string_view rest(pattern.data() + i + 1, pattern.size() - i - 1);
      size_t prefix = rest.rfind("?P<", 0) == 0 ? 3 : (rest.rfind("?<", 0) == 0 && rest.size() > 2 && rest[2] != '=' && rest[2] != '!') ? 2 : 0;
      size_t close = prefix ? rest.find('>') : std::string_view::npos;
      if (prefix && close != std::string_view::npos) {
        names.emplace_back(rest.substr(prefix, close - prefix));
        out += '(';
        i += close + 1;
        continue;
      }
      if (rest.empty() || rest[0] != '?') names.emplace_back();
    }
    out += c;
  }
  return out;
}

std::optional<CompiledPattern> compile(const std::string& pattern, std::string& error) {
  if (pattern.size() > kMaxPattern) {
    error = "invalid regular expression: the pattern is longer than 1024 characters";
    return std::nullopt;
  }
  CompiledPattern p;
  try {
    p.re = std::regex(strip_group_names(pattern, p.group_names), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    error = std::string("invalid regular expression: ") + e.what();
    return std::nullopt;
  }
  if (p.re.mark_count() != p.group_names.size()) p.group_names.assign(p.re.mark_count(), "");
  return p;
}

bool input_too_long(const std::string& s, std::string& error) {
  if (s.size() <= kMaxInput) return false;
  error = "the string is too long to match a regular expression against (over 16384 bytes)";
  return true;
}

// Terraform's result shape: the match with no groups, a list of the groups,
// or an object when the groups are named.
std::optional<json> match_value(const CompiledPattern& p, const std::smatch& m, std::string& error) {
  if (p.group_names.empty()) return json(m.str(0));
  size_t named = 0;
  for (const auto& n : p.group_names) named += n.empty() ? 0 : 1;
  if (named != 0 && named != p.group_names.size()) {
    error = "the pattern mixes named and unnamed capture groups";
    return std::nullopt;
  }
  json out = named ? json::object() : json::array();
  for (size_t i = 0; i < p.group_names.size(); ++i) {
    json v = m[i + 1].matched ? json(m.str(i + 1)) : json(nullptr);
    if (named) out[p.group_names[i]] = v;
    else out.push_back(v);
  }
  return out;
}

FunctionResult regex_common(const Args& a, bool all) {
  auto pattern = as_string(a[0]), s = as_string(a[1]);
  if (!pattern || !s) return fail("a pattern string and a string are required");
  std::string error;
  auto p = compile(*pattern, error);
  if (!p || input_too_long(*s, error)) return fail(error);
  json results = json::array();
  bool matched = false;
  run_on_large_stack([&] {
    try {
      for (std::sregex_iterator it(s->begin(), s->end(), p->re), end; it != end && error.empty(); ++it) {
        auto v = match_value(*p, *it, error);
        if (v) results.push_back(*v);
        matched = true;
        if (!all) break;
      }
    } catch (const std::regex_error& e) {
      error = std::string("regular expression failed: ") + e.what();
    }
  });
  if (!error.empty()) return fail(error);
  if (!all && matched) return ok(results[0]);
  if (!all) return fail("pattern did not match any part of the given string");
  return ok(results);
}
FunctionResult regex_fn(const Args& a, const Ctx&) { return regex_common(a, false); }
FunctionResult regexall_fn(const Args& a, const Ctx&) { return regex_common(a, true); }

// Go's "${1}" and "${name}" become ECMAScript's "$1".
std::string ecma_replacement(const std::string& r, const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < r.size(); ++i) {
    size_t close = r.compare(i, 2, "${") == 0 ? r.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += r[i];
      continue;
    }
    std::string ref = r.substr(i + 2, close - i - 2);
    for (size_t g = 0; g < names.size(); ++g) {
      if (names[g] == ref && !ref.empty()) ref = std::to_string(g + 1);
    }
    out += "$" + ref;
    i = close;
  }
  return out;
}

FunctionResult replace_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]), sub = as_string(a[1]), rep = as_string(a[2]);
  if (!s || !sub || !rep) return fail("replace requires three strings");
  if (sub->size() >= 2 && sub->front() == '/' && sub->back() == '/') {
    std::string error;
    auto p = compile(sub->substr(1, sub->size() - 2), error);
    if (!p || input_too_long(*s, error)) return fail(error);
    std::string out;
    run_on_large_stack([&] {
      try {
        out = std::regex_replace(*s, p->re, ecma_replacement(*rep, p->group_names));
      } catch (const std::regex_error& e) {
        error = std::string("regular expression failed: ") + e.what();
      }
    });
    return error.empty() ? ok(out) : fail(error);
  }
  if (sub->empty()) return ok(*s);
  std::string out;
  size_t pos = 0;
  for (size_t next; (next = s->find(*sub, pos)) != std::string::npos; pos = next + sub->size()) {
    out += s->substr(pos, next - pos) + *rep;
  }
  return ok(out + s->substr(pos));
}

}  // namespace

std::vector<FunctionSpec> regex_functions() {
  return {
      {"regex", 2, 2, false, regex_fn},
      {"regexall", 2, 2, false, regexall_fn},
      {"replace", 3, 3, false, replace_fn},
  };
}

}  // namespace forma::expr::fn
