// A Batch AI cluster's ARM representation (GET, PUT, PATCH answers) as
// azure_batchai_cluster state. Azure never returns passwords, storage keys or
// secret values, and it reports node counts that change by themselves; the
// state keeps what forma knows for the first and records the second only as
// computed attributes, so neither shows up as a diff.
#pragma once

#include "engine/base/value.h"
#include "providers/azure/arm_id.h"

namespace forma::azure {

// `known` is the planned or prior state (an empty object on import).
json cluster_state(const json& known, const ArmId& id, const json& body);

// The scale block from ARM scaleSettings; keeps known's initial_nodes, which
// Azure only uses at creation.
json scale_from_settings(const json& settings, const json& known_scale);

// Errors Azure reports in the cluster's properties.errors, as {code, message}.
json cluster_errors(const json& body);

}  // namespace forma::azure
