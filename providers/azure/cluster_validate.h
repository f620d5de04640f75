// The checks of an azure_batchai_cluster config beyond the schema's types:
// names, one scale mode with min <= initial <= max, a way into the nodes,
// well-formed ids, and a readable, valid config_file.
#pragma once

#include "engine/base/diagnostic.h"
#include "providers/azure/azure_context.h"

namespace forma::azure {

Diagnostics validate_cluster_config(const json& config, const EnvLookup& env);

}  // namespace forma::azure
