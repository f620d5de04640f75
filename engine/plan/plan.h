// A plan is data: the changes forma intends to make, with the values before
// and after, why each replacement happens, and what it was computed against.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"

namespace forma::plan {

enum class Action { NoOp, Create, Read, Update, Replace, Delete, Forget };
const char* to_string(Action a);  // "no-op", "create", "read", "update", "replace", "delete", "forget"

struct ResourceChange {
  std::string address;   // instance address
  std::string deposed;   // deposed key for a deposed object being destroyed
  std::string mode = "managed";
  std::string type;
  std::string name;
  std::string provider;  // provider address
  Action action = Action::NoOp;
  bool create_before_destroy = false;
  json before;  // prior state (refreshed), null when creating
  json after;   // planned state (may hold unknowns), null when deleting
  std::vector<std::string> requires_replace;  // attribute pointers that force replacement
  std::vector<std::string> sensitive_paths;   // pointers in before/after to hide in output
  std::string reason;  // e.g. "tainted", "requested with -replace", "no longer in config", "count changed"
  std::vector<std::string> notes;  // e.g. "test_null.a was deleted outside forma"
  // The provider's account of what the change does to the objects the
  // resource manages (a template's resources): [{action, resource, detail}].
  json nested_changes = json::array();
};

struct OutputChange {
  std::string name;
  Action action = Action::NoOp;
  json before;
  json after;
  bool sensitive = false;
};

struct CheckResult {
  std::string name;      // "check.health" or "test_null.a precondition"
  bool passed = true;
  bool unknown = false;  // could not be decided until apply
  std::string message;
};

struct Plan {
  std::vector<ResourceChange> changes;  // every instance, no-ops included, sorted by address
  std::vector<OutputChange> outputs;
  std::vector<CheckResult> checks;
  Diagnostics diags;
  std::string lineage;  // of the state planned against
  int64_t serial = 0;
  bool destroy = false;
  bool refresh_only = false;
  std::vector<std::string> drift;  // human notes about objects changed outside forma
  // Instances whose refreshed or reconciled state differs from what state
  // records (drift, an interrupted create adopted, an object found gone): an
  // apply records them even when nothing needs changing.
  int state_updates = 0;

  int count(Action a) const;
  bool has_changes() const;  // anything to add, change, destroy, forget, or an output change
};

}  // namespace forma::plan
