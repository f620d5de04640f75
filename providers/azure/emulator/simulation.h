// What a Batch AI cluster's nodes are doing at a given moment, computed from
// timestamps rather than ticked: an allocation (resize) runs for
// provisioning_ms, new nodes then prepare for half as long before going idle,
// auto-scale clusters drift within [min, max] every autoscale period, and
// low-priority nodes are preempted and come back. Every draw is a hash of the
// seed, the cluster and the period, so a run is reproducible and restarts
// change nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

struct ClusterState {
  std::string allocation_state = "steady";  // or "resizing"
  int64_t allocation_transition_ms = 0;
  int current_nodes = 0;
  int idle = 0, running = 0, preparing = 0, unusable = 0, leaving = 0;
  std::vector<int> node_indexes;  // present nodes, 0-based; login port 50000 + index
  std::vector<std::string> node_states;  // of each present node: idle, preparing, unusable, leaving
  json errors = json::array();
};

ClusterState cluster_state(const Cloud& cloud, const StoredResource& cluster, int64_t now);

// Starts resizing `cluster` to `target` nodes at `start_ms`. When the
// subscription's core quota cannot hold the new nodes the allocation fails:
// the cluster stays at its current size and reports InsufficientCoreQuota.
void begin_allocation(const Cloud& cloud, StoredResource& cluster, int target, int64_t start_ms);

// The body GET answers: the stored body with live fields filled in.
json render_resource(const Cloud& cloud, const StoredResource& resource);

}  // namespace forma::emulator
