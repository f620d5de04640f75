// Planning an azure_batchai_cluster: the defaults the CLI applies (login
// name, default SSH key, dedicated priority, random auto-storage account
// name, setup task output on the first file share) and the settings a
// config_file supplies, resolved at plan time so the plan shows them and a
// cluster changed behind forma's back shows up as a diff.
#pragma once

#include "providers/azure/azure_context.h"
#include "providers/sdk/plan.h"

namespace forma::azure {

// `file_properties`: the config file's "properties" (empty without one);
// `file_sha256`: its hash ("" without one).
void plan_cluster(const json& prior, const json& config, const json& file_properties, const std::string& file_sha256,
                  const EnvLookup& env, sdk::PlannedChange& change);

}  // namespace forma::azure
