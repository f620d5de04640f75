// The generic plan: what a resource will look like after apply, derived from
// its schema, its prior state and its configuration. Resources adjust the
// result in Resource::customize_plan when they know more.
#pragma once

#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "providers/sdk/schema.h"

namespace forma::sdk {

struct PlannedChange {
  json planned_state = nullptr;                // null: the object will be destroyed
  std::vector<std::string> requires_replace;   // pointers of force_new attributes that change
  // Pointers of planned values that are secret though their attributes are
  // not declared sensitive (a template body holding a secure parameter).
  std::vector<std::string> sensitive_paths;
  // What the change does to the objects the resource manages, for the plan:
  // [{"action": "create"|"modify"|"delete"|"no-change"|"ignore", "resource": "...", "detail": "..."}].
  json nested_changes = json::array();
  Diagnostics diagnostics;
};

// planned = config (converted to declared types); an absent optional attribute
// gets its default or null; an absent computed attribute keeps its prior value
// when there is a prior object that is not being replaced, else becomes unknown.
// A force_new attribute whose value differs from the prior one requires
// replacement. A null config plans destruction.
PlannedChange plan_change(const Attributes& attributes, const json& prior_state, const json& config);

// Pointers ("/name") of the top-level attributes whose values differ between
// two states; a null state differs in every attribute the other one has.
std::vector<std::string> changed_attributes(const json& before, const json& after);

// True when `name` holds different values in the two states (null-safe).
bool attribute_changed(const json& before, const json& after, const std::string& name);

}  // namespace forma::sdk
