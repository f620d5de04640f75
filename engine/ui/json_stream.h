// Machine-readable output (`-json`): one JSON object a line, in the shape of
// Terraform's machine-readable UI. Every line has @level, @message, @module,
// @timestamp and type; the types and their fields are in docs/json-output.md
// and schemas/json-ui.schema.json. No value of a sensitive attribute or
// output is ever written.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/plan/plan.h"
#include "engine/ui/clock.h"
#include "state/store.h"

namespace forma::ui {

inline constexpr const char* kJsonUiVersion = "1.0";

class JsonStream {
 public:
  JsonStream(std::FILE* out, const Clock& clock) : out_(out), clock_(clock) {}

  // One line: the common fields plus `fields`. Thread-safe.
  void emit(const std::string& level, const std::string& message, const std::string& type, json fields = json::object());

  void version(const std::string& forma_version);
  // planned_change for each change that is not a no-op, then the outputs that change and the change_summary.
  void plan(const plan::Plan& p);
  // change_summary of an apply or destroy ("Apply complete! Resources: ...").
  void applied(const plan::Plan& p, bool destroy);
  void diagnostic(const Diagnostic& d);
  void outputs(const std::vector<state::OutputValue>& outputs);
  // Free text for the few messages that are neither (e.g. a saved plan's path).
  void log(const std::string& message, const std::string& level = "info");

  const Clock& clock() const { return clock_; }

 private:
  std::FILE* out_;
  const Clock& clock_;
  std::mutex mu_;
};

// {"addr", "module", "resource", "implied_provider", "resource_type", "resource_name", "resource_key"}
json resource_addr(const plan::ResourceChange& c);
// Terraform's action names: create, read, update, replace, delete, remove (forget), noop.
const char* json_action(plan::Action a);
// Diagnostic as the "diagnostic" field: severity, summary, detail, range, json_path.
json diagnostic_json(const Diagnostic& d);

}  // namespace forma::ui
