// A cluster's nodes as listRemoteLoginInformation reports them (what
// `az batchai cluster node list` prints): the computed `nodes` attribute of
// azure_batchai_cluster and the azure_batchai_cluster_nodes data source.
#pragma once

#include <optional>
#include <string>

#include "engine/base/value.h"
#include "providers/azure/arm/client.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

// [{node_id, ip_address, port, state}], every page of the list. `state` is
// the node state when the service reports one, else null.
ArmResult list_cluster_nodes(ArmClient& client, const std::string& cluster_id, json& nodes);

// The schema of one `nodes` element.
sdk::Attribute nodes_attribute(const char* description);

}  // namespace forma::azure
