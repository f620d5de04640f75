#include "providers/azure/emulator/scale_set_instances.h"

#include <algorithm>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/quotas.h"

namespace forma::emulator {
namespace {

std::string base36(int n, size_t width) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n > 0);
  while (out.size() < width) out.insert(out.begin(), '0');
  return out;
}

std::string vm_id(const std::string& scale_set_id, int id) {
  const std::string h = sha256_hex(resource_key(scale_set_id) + "/" + std::to_string(id));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-8" + h.substr(17, 3) + "-" +
         h.substr(20, 12);
}

json status(const std::string& code, const std::string& display) {
  return {{"code", code}, {"level", "Info"}, {"displayStatus", display}};
}

}  // namespace

std::vector<InstanceState> scale_set_instances(const Cloud& cloud, const StoredResource& scale_set, int64_t now) {
  std::vector<InstanceState> out;
  const json& p = scale_set.body["properties"];
  const bool deleting = p.value("provisioningState", "") == "Deleting";
  const std::string prefix =
      p.value("virtualMachineProfile", json::object()).value("osProfile", json::object()).value("computerNamePrefix", "");
  for (const json& i : scale_set.internal.value("instances", json::array())) {
    InstanceState s;
    s.id = i.value("id", 0);
    s.name = scale_set.body.value("name", "") + "_" + std::to_string(s.id);
    s.computer_name = prefix + base36(s.id, 6);
    const bool ready = now >= i.value("created_ms", int64_t{0}) + cloud.options.provisioning_ms;
    s.provisioning_state = deleting ? "Deleting" : ready ? "Succeeded" : "Creating";
    s.power_state = deleting ? "PowerState/stopping" : ready ? "PowerState/running" : "PowerState/starting";
    out.push_back(s);
  }
  return out;
}

void set_capacity(StoredResource& scale_set, int capacity, int64_t now) {
  json instances = scale_set.internal.value("instances", json::array());
  int next = scale_set.internal.value("next_instance", 0);
  while (static_cast<int>(instances.size()) < capacity) instances.push_back({{"id", next++}, {"created_ms", now}});
  std::sort(instances.begin(), instances.end(),
            [](const json& a, const json& b) { return a.value("id", 0) < b.value("id", 0); });
  while (static_cast<int>(instances.size()) > capacity) instances.erase(instances.end() - 1);
  scale_set.internal["instances"] = instances;
  scale_set.internal["next_instance"] = next;
  scale_set.body["sku"]["capacity"] = capacity;
}

int scale_set_cores(const StoredResource& scale_set, int capacity) {
  const VmSize* size = find_vm_size(scale_set.body["sku"].value("name", ""));
  return size ? size->cores * capacity : 0;
}

int family_cores_used_by_others(const Cloud& cloud, const std::string& family, const std::string& except_id) {
  int used = 0;
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kScaleSetType || same_id(r->id, except_id)) continue;
    const VmSize* size = find_vm_size(r->body["sku"].value("name", ""));
    if (size && size->family == family) used += size->cores * r->body["sku"].value("capacity", 0);
  }
  return used;
}

json instance_view(const InstanceState& instance) {
  std::string provisioning = lower_case(instance.provisioning_state);
  const std::string power = instance.power_state.substr(instance.power_state.find('/') + 1);
  return {{"computerName", instance.computer_name},
          {"osName", "ubuntu"},
          {"statuses", json::array({status("ProvisioningState/" + provisioning, "Provisioning " + provisioning),
                                    status(instance.power_state, "VM " + power)})}};
}

json instance_body(const Cloud& cloud, const StoredResource& scale_set, const InstanceState& instance, bool with_view) {
  const json& vm_profile = scale_set.body["properties"]["virtualMachineProfile"];
  json os = vm_profile.value("osProfile", json::object());
  os.erase("computerNamePrefix");
  os["computerName"] = instance.computer_name;
  json body = {{"name", instance.name},
               {"id", scale_set.id + "/virtualMachines/" + std::to_string(instance.id)},
               {"type", "Microsoft.Compute/virtualMachineScaleSets/virtualMachines"},
               {"location", scale_set.body.value("location", "")},
               {"instanceId", std::to_string(instance.id)},
               {"sku", {{"name", scale_set.body["sku"].value("name", "")}, {"tier", "Standard"}}},
               {"properties",
                {{"latestModelApplied", true},
                 {"vmId", vm_id(scale_set.id, instance.id)},
                 {"provisioningState", instance.provisioning_state},
                 {"hardwareProfile", {{"vmSize", scale_set.body["sku"].value("name", "")}}},
                 {"storageProfile", vm_profile.value("storageProfile", json::object())},
                 {"osProfile", os}}}};
  if (scale_set.body.contains("plan")) body["plan"] = scale_set.body["plan"];
  if (with_view) body["properties"]["instanceView"] = instance_view(instance);
  (void)cloud;
  return body;
}

Endpoint nat_endpoint(const Cloud& cloud, const StoredResource& scale_set, int id, int backend_port) {
  for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud)) {
    if (c.scale_set != &scale_set) continue;
    for (const json& ref : c.properties.value("loadBalancerInboundNatPools", json::array())) {
      const json pool = load_balancer_child(cloud, ref.value("id", ""), "inboundNatPools");
      if (pool.is_null() || pool["properties"].value("backendPort", 0) != backend_port) continue;
      const int port = pool["properties"].value("frontendPortRangeStart", 0) + id;
      if (port > pool["properties"].value("frontendPortRangeEnd", 0)) continue;
      const json frontend = load_balancer_child(
          cloud, pool["properties"].value("frontendIPConfiguration", json::object()).value("id", ""),
          "frontendIPConfigurations");
      if (frontend.is_null()) continue;
      const StoredResource* ip =
          cloud.store.find(frontend["properties"].value("publicIPAddress", json::object()).value("id", ""));
      if (ip && ip->internal.contains("address")) return {ip->internal["address"], port};
    }
  }
  return {};
}

}  // namespace forma::emulator
