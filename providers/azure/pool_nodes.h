// A scale set's instances as forma reports nodes: [{node_id, ip_address,
// port, state}], the SSH endpoint of each instance through the load
// balancer's inbound NAT pool to port 22 (ssh -p PORT USER@IP), the same
// shape azure_batchai_cluster_nodes gives and `forma nodes` reads.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "providers/azure/arm/client.h"

namespace forma::azure {

// `scale_set` is the scale set's ARM body (its network profile names the NAT pool).
Diagnostics list_pool_nodes(ArmClient& client, const json& scale_set, json& nodes);

// Polls the instances until each is running (or failed); gives up after `minutes`.
Diagnostics wait_for_running_instances(ArmClient& client, const std::string& scale_set_id, int minutes = 60);

}  // namespace forma::azure
