// azure_dsvm_pool: an interactive pool of Data Science VMs on a scale set,
// what the DataScienceVM dsvm-vmss-cluster.json template deploys plus
// autoscale: a virtual network and subnet, a public IP, a load balancer with
// an SSH NAT pool (50000+ → 22) and a JupyterHub rule (8000 → 8000), the
// scale set with the DSVM image and its marketplace plan, a CustomScript
// extension that mounts a shared Azure Files share on every instance and
// links it as $HOME/notebooks/remote, and an autoscale setting. The parts are
// built as the low-level resources' states (azure_virtual_network, azure_lb,
// azure_linux_vmss, azure_autoscale_setting) and sent with their bodies.
#pragma once

#include <string>

#include "engine/base/value.h"
#include "providers/azure/arm_id.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

sdk::Attributes dsvm_pool_attributes();

// The ids of the pool's parts (names as the DSVM template gives them).
struct PoolIds {
  std::string group, vnet, subnet, public_ip, lb, backend_pool, nat_pool, scale_set, autoscale, account, share;
};
PoolIds pool_ids(const std::string& subscription, const json& pool);

// The parts' states, for the low-level resources' body builders.
json pool_network_state(const json& pool);
json pool_public_ip_state(const json& pool);
json pool_lb_state(const json& pool, const PoolIds& ids);
// `account_key` goes into the CustomScript's protected settings only.
json pool_scale_set_state(const json& pool, const PoolIds& ids, const std::string& account_key);
// Null when the pool has no autoscale block.
json pool_autoscale_state(const json& pool, const PoolIds& ids);

// "bash mountazurefiles.sh ACCOUNT KEY SHARE MOUNTPOINT USER", the DSVM mount script's invocation.
std::string mount_command(const json& pool, const std::string& account_key);
inline constexpr const char* kMountScriptUri =
    "https://raw.githubusercontent.com/Azure/DataScienceVM/master/Extensions/General/mountazurefiles.sh";

}  // namespace forma::azure
