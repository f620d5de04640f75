// Calls library functions directly, without the parser, through a small
// Scope whose base directory the test chooses.
#pragma once

#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/expr/functions.h"

namespace forma::expr::testing {

class TestScope : public Scope {
 public:
  explicit TestScope(std::string base_dir = ".") : base_dir_(std::move(base_dir)) {}
  LookupResult lookup(const Reference&) const override { return {}; }
  std::string base_dir() const override { return base_dir_; }

 private:
  std::string base_dir_;
};

// Calls `name` with `args`, checking the arity the spec declares, as the
// evaluator would.
inline FunctionResult call(const std::string& name, std::vector<json> args,
                           const Scope& scope = TestScope()) {
  const FunctionSpec* spec = find_function(name);
  if (spec == nullptr) return {nullptr, "no function named " + name};
  int n = static_cast<int>(args.size());
  if (n < spec->min_args || (spec->max_args >= 0 && n > spec->max_args)) {
    return {nullptr, "wrong number of arguments to " + name};
  }
  return spec->impl(args, FunctionContext{scope});
}

// The value of a call that must succeed; the error text otherwise, so a
// failing CHECK shows why.
inline json value_of(const std::string& name, std::vector<json> args, const Scope& scope = TestScope()) {
  FunctionResult r = call(name, std::move(args), scope);
  return r.error.empty() ? r.value : json("ERROR: " + r.error);
}

inline std::string error_of(const std::string& name, std::vector<json> args, const Scope& scope = TestScope()) {
  return call(name, std::move(args), scope).error;
}

// True when `s` has the shape of `pattern`: 'x' is a lowercase hex digit,
// '9' a decimal digit, anything else itself. (std::regex is avoided: GCC 12
// warns inside it at -O2.)
inline bool has_shape(const std::string& s, const std::string& pattern) {
  if (s.size() != pattern.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    bool hex = digit || (s[i] >= 'a' && s[i] <= 'f');
    if (pattern[i] == 'x' ? !hex : pattern[i] == '9' ? !digit : s[i] != pattern[i]) return false;
  }
  return true;
}

}  // namespace forma::expr::testing
