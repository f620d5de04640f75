#include "providers/azure/pool_nodes.h"

#include <chrono>
#include <thread>

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/resources.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {

// "PowerState/running" -> "running"; the provisioning state while there is no power state.
std::string instance_state(const json& vm) {
  const json provisioning = value_at(vm, "/properties/provisioningState");
  std::string state = provisioning.is_string() ? provisioning.get<std::string>() : std::string("unknown");
  for (char& c : state) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const json& s : value_at(vm, "/properties/instanceView/statuses").is_array()
                           ? value_at(vm, "/properties/instanceView/statuses")
                           : json::array()) {
    const std::string code = s.value("code", "");
    if (code.starts_with("PowerState/")) return code.substr(11);
    if (code == "ProvisioningState/failed") return "failed";
  }
  return state;
}

struct NatPool {
  std::string address;
  int start = 0;
};

// The public address and first port of the NAT pool to port 22 the scale set uses.
NatPool ssh_pool(ArmClient& client, const json& scale_set) {
  const json ip = value_at(scale_set,
                           "/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/"
                           "ipConfigurations/0/properties");
  for (const json& ref : ip.value("loadBalancerInboundNatPools", json::array())) {
    const std::string pool_id = ref.value("id", "");
    const std::string lb_id = pool_id.substr(0, pool_id.find("/inboundNatPools/"));
    ArmResult lb = client.get(lb_id, kNetworkApi);
    if (!lb.ok() || lb.not_found()) continue;
    for (const json& pool : value_at(lb.body, "/properties/inboundNatPools").is_array() ? value_at(lb.body, "/properties/inboundNatPools") : json::array()) {
      if (!iequals(pool.value("id", ""), pool_id) || value_at(pool, "/properties/backendPort") != json(22)) continue;
      const json fe_id = value_at(pool, "/properties/frontendIPConfiguration/id");
      for (const json& fe : value_at(lb.body, "/properties/frontendIPConfigurations").is_array() ? value_at(lb.body, "/properties/frontendIPConfigurations") : json::array()) {
        if (!fe_id.is_string() || !iequals(fe.value("id", ""), fe_id.get<std::string>())) continue;
        const json pip_id = value_at(fe, "/properties/publicIPAddress/id");
        if (!pip_id.is_string()) continue;
        ArmResult pip = client.get(pip_id, kNetworkApi);
        if (pip.ok() && !pip.not_found())
          return {string_at(pip.body.value("properties", json::object()), "ipAddress"),
                  value_at(pool, "/properties/frontendPortRangeStart").get<int>()};
      }
    }
  }
  return {};
}

}  // namespace

Diagnostics list_pool_nodes(ArmClient& client, const json& scale_set, json& nodes) {
  nodes = json::array();
  const std::string id = string_at(scale_set, "id");
  ArmResult vms = client.get(id + "/virtualMachines?$expand=instanceView", kComputeApi);
  if (!vms.ok()) return {arm_failure("list the instances of", "scale set " + quote(id), *vms.error)};
  const NatPool pool = ssh_pool(client, scale_set);
  for (const json& vm : vms.body.value("value", json::array())) {
    const int instance = std::stoi(vm.value("instanceId", std::string("0")));
    nodes.push_back({{"node_id", vm.value("name", json(""))},
                     {"ip_address", pool.address},
                     {"port", pool.address.empty() ? 0 : pool.start + instance},
                     {"state", instance_state(vm)}});
  }
  return {};
}

Diagnostics wait_for_running_instances(ArmClient& client, const std::string& scale_set_id, int minutes) {
  using namespace std::chrono;
  const auto give_up = steady_clock::now() + std::chrono::minutes(minutes);
  milliseconds pause(100);
  while (steady_clock::now() < give_up) {
    ArmResult vms = client.get(scale_set_id + "/virtualMachines?$expand=instanceView", kComputeApi);
    if (!vms.ok()) return {arm_failure("list the instances of", "scale set " + quote(scale_set_id), *vms.error)};
    bool settled = true;
    for (const json& vm : vms.body.value("value", json::array())) {
      const std::string state = instance_state(vm);
      settled = settled && (state == "running" || state == "failed");
    }
    if (settled) return {};
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, milliseconds(10000));
  }
  return {Diagnostic::warning("The instances of " + scale_set_id + " are not all running yet",
                              "forma stopped waiting after " + std::to_string(minutes) + " minutes.")};
}

}  // namespace forma::azure
