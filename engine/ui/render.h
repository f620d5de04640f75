// Human output: plans as attribute-level diffs, diagnostics, outputs.
#pragma once

#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/plan/plan.h"
#include "state/store.h"

namespace forma::ui {

// What output shows in place of a sensitive value.
inline constexpr const char* kSensitiveText = "(sensitive value)";

struct Style {
  bool color = false;
  std::string green(const std::string& s) const { return wrap("32", s); }
  std::string yellow(const std::string& s) const { return wrap("33", s); }
  std::string red(const std::string& s) const { return wrap("31", s); }
  std::string cyan(const std::string& s) const { return wrap("36", s); }
  std::string bold(const std::string& s) const { return wrap("1", s); }

 private:
  std::string wrap(const char* code, const std::string& s) const {
    return color ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
  }
};

// The body of `forma plan`: every change, then "Plan: X to add, Y to change, Z to destroy."
std::string render_plan(const plan::Plan& plan, const Style& style);
// One resource change as shown in a plan.
std::string render_change(const plan::ResourceChange& change, const Style& style);
// "Plan: 1 to add, 0 to change, 0 to destroy." (and ", N to forget" when any)
std::string plan_summary(const plan::Plan& plan);
std::string render_diagnostic(const Diagnostic& d, const Style& style);
// name = value lines; sensitive values hidden.
std::string render_outputs(const std::vector<state::OutputValue>& outputs, const Style& style);
// A value as HCL-like text; sensitive paths hidden; unknown as (known after apply).
std::string render_value(const json& v, int indent = 0);

}  // namespace forma::ui
