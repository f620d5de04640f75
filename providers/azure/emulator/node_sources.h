// Where the emulator learns which real nodes should exist: one function per
// kind of resource that has nodes (Batch AI clusters, scale sets). Each is called with the cloud locked and lists what exists at `now`.
#pragma once

#include <cstdint>
#include <vector>

#include "providers/azure/emulator/cloud.h"
#include "providers/azure/emulator/node_supervisor.h"

namespace forma::emulator {

using NodeSource = std::vector<DesiredNode> (*)(const Cloud& cloud, int64_t now);

const std::vector<NodeSource>& node_sources();

// Every source's nodes, concatenated.
std::vector<DesiredNode> desired_nodes(const Cloud& cloud, int64_t now);

}  // namespace forma::emulator
