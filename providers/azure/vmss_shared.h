// What azure_linux_vmss and azure_dsvm_pool share: the extensions and nodes
// attributes, extensions read back (protected settings kept from what forma
// knows, settings compared as JSON), and the capacity rule: when an enabled
// autoscale setting targets the scale set its capacity is autoscale's, not
// drift of `instances`.
#pragma once

#include "engine/base/diagnostic.h"
#include "providers/azure/arm/client.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

sdk::Attribute vmss_extensions_attribute();
// nodes: [{node_id, ip_address, port, state}], computed, never a diff.
sdk::Attribute vmss_nodes_attribute();

json observed_extensions(const json& known, const json& reported);

// Whether an enabled autoscale setting in the scale set's resource group targets `scale_set_id`.
Diagnostics autoscale_governs(ArmClient& client, const std::string& scale_set_id, bool& governed);

// Sets state.autoscaled; without autoscale, instances takes current_instances (drift shows).
Diagnostics governed_capacity(ArmClient& client, json& state);

}  // namespace forma::azure
