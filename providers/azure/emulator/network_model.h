// How Microsoft.Network and Microsoft.Compute resources refer to each other
// (by ARM id, compared without case, as Azure does): finding what an id
// names, finding who uses a subnet, public IP or load balancer, and the IPv4
// prefix arithmetic subnets are checked with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

inline constexpr const char* kVnetType = "Microsoft.Network/virtualNetworks";
inline constexpr const char* kSubnetType = "Microsoft.Network/virtualNetworks/subnets";
inline constexpr const char* kPublicIpType = "Microsoft.Network/publicIPAddresses";
inline constexpr const char* kLoadBalancerType = "Microsoft.Network/loadBalancers";
inline constexpr const char* kScaleSetType = "Microsoft.Compute/virtualMachineScaleSets";
inline constexpr const char* kAutoscaleType = "Microsoft.Insights/autoscalesettings";

// One ipConfiguration of a scale set's network profile.
struct ScaleSetIpConfig {
  const StoredResource* scale_set = nullptr;
  std::string nic;       // networkInterfaceConfigurations[].name
  std::string name;      // ipConfigurations[].name
  json properties;       // subnet, loadBalancerBackendAddressPools, loadBalancerInboundNatPools
};
std::vector<ScaleSetIpConfig> scale_set_ip_configs(const Cloud& cloud);
// The ids of this ipConfiguration on each instance, as Azure reports them
// (…/virtualMachines/{i}/networkInterfaces/{nic}/ipConfigurations/{name}).
json instance_ip_config_ids(const ScaleSetIpConfig& config);

bool same_id(const std::string& a, const std::string& b);
// Whether the {"id":…} list `refs` names `id`.
bool refers_to(const json& refs, const std::string& id);

// The element of a load balancer collection ("backendAddressPools",
// "inboundNatPools", "frontendIPConfigurations", "probes") that `child_id`
// names; null when the load balancer or the element does not exist.
json load_balancer_child(const Cloud& cloud, const std::string& child_id, const char* collection);
// The load balancer id of `child_id` (…/loadBalancers/{lb}/{collection}/{name}); "" when it is not one.
std::string load_balancer_of(const std::string& child_id);

// 400 InvalidResourceReference: `id` referenced by `by` was not found.
bool invalid_reference(ArmResponse& res, const std::string& id, const std::string& by);

// "10.0.0.0/24" -> base address and prefix length; false when malformed.
bool parse_cidr(const std::string& text, uint32_t& base, int& bits);
// Whether prefix `inner` lies within `outer`.
bool cidr_within(const std::string& inner, const std::string& outer);
// Whether two prefixes share an address.
bool cidr_overlap(const std::string& a, const std::string& b);

// A loopback address of its own for a public IP: 127.20.a.b, persisted. The
// sequence starts at a random point per data directory so that emulators
// running side by side rarely hand out the same address.
std::string allocate_public_loopback(Cloud& cloud);

}  // namespace forma::emulator
