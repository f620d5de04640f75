// Shared by the azure provider's tests: an environment from a map, and a
// cluster planned the way plan_resource plans it.
#pragma once

#include <map>
#include <string>

#include "providers/azure/azure_context.h"
#include "providers/azure/cluster_plan.h"
#include "providers/azure/cluster_schema.h"
#include "providers/sdk/plan.h"

namespace forma::azure::testing {

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

// A user "tester" whose HOME has no ~/.ssh.
inline EnvLookup plain_env() { return env_of({{"USER", "tester"}, {"HOME", "/nonexistent-forma-home"}}); }

inline sdk::PlannedChange plan_cluster_config(const json& config, const json& prior = nullptr,
                                              const json& file_properties = json::object(),
                                              const std::string& file_sha = "", const EnvLookup& env = plain_env()) {
  sdk::PlannedChange change = sdk::plan_change(cluster_attributes(), prior, config);
  plan_cluster(prior, config, file_properties, file_sha, env, change);
  return change;
}

}  // namespace forma::azure::testing
