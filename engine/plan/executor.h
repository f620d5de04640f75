// The seam between planning and applying: during an apply walk the planner
// hands each instance's change to an executor, which performs it through the
// provider and records it in state (engine/apply).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/provider/provider.h"

namespace forma::plan {

// A provisioner of the resource, its arguments and connection evaluated with
// `self` bound to the object (count.index and each.* as for the resource).
struct ProvisionerCall {
  std::string type;          // "remote-exec", "file", "local-exec"
  json arguments;            // inline/script/scripts, or source/content/destination
  json connection;           // the resource's connection block overlaid with the provisioner's
  bool continue_on_failure = false;
  std::string json_path;     // of the provisioner block
  SourceRange range;
};
// Evaluates the provisioners to run `when` ("create" or "destroy") for an
// object whose attributes are `self`. False (with diagnostics) when an
// expression fails.
using ProvisionerSource =
    std::function<bool(const json& self, const std::string& when, std::vector<ProvisionerCall>& out, Diagnostics& diags)>;

struct ExecutionRequest {
  ResourceChange* change;        // action, before, after (fully planned now), sensitive paths
  const json* config;            // evaluated config (null for deletes)
  provider::Provider* provider;
  int schema_version = 0;
  std::vector<std::string> dependencies;  // base addresses this resource depends on
  std::string creation_token;    // of an interrupted create being retried, else ""
  ProvisionerSource provisioners;  // unset: the resource has none (or no config, for orphans)
  json prior_private = json::object();  // the state object's private data (recorded host keys)
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
