// The arguments and attributes of azure_batchai_cluster: every option of
// `az batchai cluster create`, shaped as blocks (see README.md for the map).
#pragma once

#include "providers/sdk/schema.h"

namespace forma::azure {

sdk::Attributes cluster_attributes();

// Image aliases the CLI knows: UbuntuLTS and UbuntuDSVM.
// {publisher, offer, sku} for an alias or "publisher:offer:sku[:version]"; null otherwise.
json image_alias_reference(const std::string& image);
// The alias of an ARM imageReference ("UbuntuLTS"), or null.
json image_alias_of(const json& reference);

}  // namespace forma::azure
