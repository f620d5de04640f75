// `forma show -json`: a saved plan or the state as one JSON document with a
// format_version, in the spirit of Terraform's JSON output format. Values of
// sensitive attributes and outputs are replaced by "(sensitive value)".
// Shapes: docs/json-output.md and schemas/json-show.schema.json.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "state/store.h"

namespace forma::ui {

inline constexpr const char* kShowFormatVersion = "1.0";

json plan_document(const plan::Plan& p, const std::string& forma_version);

struct StateView {
  std::string lineage;
  int64_t serial = 0;
  std::vector<state::ResourceObject> resources;
  std::vector<state::OutputValue> outputs;
};
json state_document(const StateView& s, const std::string& forma_version);

// Terraform's action lists: ["create"], ["delete","create"] (replace), ["create","delete"] (create before destroy).
json action_list(plan::Action a, bool create_before_destroy);

}  // namespace forma::ui
