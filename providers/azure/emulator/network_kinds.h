// The Microsoft.Network resource kinds (virtual_networks.cpp, public_ips.cpp,
// load_balancers.cpp) and what GET adds to their stored bodies: subnets
// inline in their virtual network, and the back-references Azure reports
// (a subnet's ipConfigurations, a public IP's ipConfiguration, a backend
// pool's backendIPConfigurations).
#pragma once

#include "providers/azure/emulator/tracked_resource.h"

namespace forma::emulator {

const TrackedKind& virtual_network_kind();
const TrackedKind& subnet_kind();
const TrackedKind& public_ip_kind();
const TrackedKind& load_balancer_kind();

json render_virtual_network(const Cloud& cloud, const StoredResource& vnet);
json render_subnet(const Cloud& cloud, const StoredResource& subnet);
json render_public_ip(const Cloud& cloud, const StoredResource& ip);
json render_load_balancer(const Cloud& cloud, const StoredResource& lb);

}  // namespace forma::emulator
