// The seam between planning and applying: during an apply walk the planner
// hands each instance's change to an executor, which performs it through the
// provider and records it in state (engine/apply).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/provider/provider.h"

namespace forma::plan {

struct ExecutionRequest {
  ResourceChange* change;        // action, before, after (fully planned now), sensitive paths
  const json* config;            // evaluated config (null for deletes)
  provider::Provider* provider;
  int schema_version = 0;
  std::vector<std::string> dependencies;  // base addresses this resource depends on
  std::string creation_token;    // of an interrupted create being retried, else ""
};

struct ExecutionResult {
  bool ok = false;
  json new_state;  // null when the object no longer exists
  Diagnostics diags;
};

class ChangeExecutor {
 public:
  virtual ~ChangeExecutor() = default;
  virtual ExecutionResult execute(const ExecutionRequest& request) = 0;
  // Records an object adopted or found gone during reconciliation, or refreshed, without a provider change.
  // A null state removes the object (found gone, or forgotten by a removed block).
  virtual void record(const ResourceChange& change, const json& state, int schema_version,
                      const std::vector<std::string>& dependencies) = 0;
  // Renames every object at `from` (base or instance address) to `to`: moved blocks.
  virtual void move(const std::string& from, const std::string& to) = 0;
};

}  // namespace forma::plan
