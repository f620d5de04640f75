// Microsoft.Network load balancers: frontend IP configurations (public IP by
// id), backend address pools, probes, load-balancing rules and inbound NAT
// pools, each with an id under the load balancer that the others (and scale
// sets) refer to. A reference that names nothing is InvalidResourceReference;
// a load balancer, backend pool or NAT pool in use by a scale set cannot go.
#include "engine/base/text.h"
#include "providers/azure/emulator/network_kinds.h"
#include "providers/azure/emulator/network_model.h"

namespace forma::emulator {
namespace {

const char* const kCollections[] = {"frontendIPConfigurations", "backendAddressPools", "probes",
                                    "loadBalancingRules", "inboundNatPools"};

bool valid_port(const json& v, int low = 1, int high = 65534) {
  return v.is_number_integer() && v.get<int>() >= low && v.get<int>() <= high;
}

// The reference `ref` ({"id":…}) at `property` of `element_id` must name an element of `collection`.
bool check_ref(const json& lb_request, const std::string& lb_id, const json& ref, const char* collection,
               const std::string& element_id, ArmResponse& res) {
  const std::string id = ref.is_object() ? ref.value("id", "") : "";
  for (const json& e : lb_request.value(collection, json::array()))
    if (same_id(lb_id + "/" + collection + "/" + e.value("name", ""), id)) return true;
  return invalid_reference(res, id.empty() ? "(none)" : id, element_id);
}

bool normalize_frontend(Cloud& cloud, json& p, const std::string& id, ArmResponse& res) {
  const std::string ip = p.value("publicIPAddress", json::object()).value("id", "");
  const std::string subnet = p.value("subnet", json::object()).value("id", "");
  if (ip.empty() && subnet.empty())
    return invalid_property(res, "frontendIPConfigurations.publicIPAddress", "A public IP address or a subnet is required.");
  const StoredResource* target = cloud.store.find(ip.empty() ? subnet : ip);
  if (!target || target->type != (ip.empty() ? kSubnetType : kPublicIpType))
    return invalid_reference(res, ip.empty() ? subnet : ip, id);
  if (!p.contains("privateIPAllocationMethod")) p["privateIPAllocationMethod"] = "Dynamic";
  return true;
}

bool normalize_probe(json& p, const std::string& name, ArmResponse& res) {
  const std::string protocol = p.value("protocol", "Tcp");
  if (protocol != "Tcp" && protocol != "Http" && protocol != "Https")
    return invalid_property(res, "probes." + name + ".protocol", "It must be Tcp, Http or Https.");
  if (!valid_port(p.value("port", json()))) return invalid_property(res, "probes." + name + ".port", "A port is required.");
  if (protocol != "Tcp" && !p.value("requestPath", json()).is_string())
    return invalid_property(res, "probes." + name + ".requestPath", "Http and Https probes need a requestPath.");
  p["protocol"] = protocol;
  if (!p.contains("intervalInSeconds")) p["intervalInSeconds"] = 15;
  if (!p.contains("numberOfProbes")) p["numberOfProbes"] = 2;
  return true;
}

bool normalize_rule(const json& request, const std::string& lb_id, json& p, const std::string& id, ArmResponse& res) {
  const std::string name = id_name(id);
  if (!check_ref(request, lb_id, p.value("frontendIPConfiguration", json()), "frontendIPConfigurations", id, res))
    return false;
  if (p.contains("backendAddressPool") &&
      !check_ref(request, lb_id, p["backendAddressPool"], "backendAddressPools", id, res))
    return false;
  if (p.contains("probe") && !check_ref(request, lb_id, p["probe"], "probes", id, res)) return false;
  if (!valid_port(p.value("frontendPort", json()), 0) || !valid_port(p.value("backendPort", json()), 0))
    return invalid_property(res, "loadBalancingRules." + name, "frontendPort and backendPort must be ports.");
  const std::string protocol = p.value("protocol", "");
  if (protocol != "Tcp" && protocol != "Udp" && protocol != "All")
    return invalid_property(res, "loadBalancingRules." + name + ".protocol", "It must be Tcp, Udp or All.");
  if (!p.contains("idleTimeoutInMinutes")) p["idleTimeoutInMinutes"] = 4;
  if (!p.contains("enableFloatingIP")) p["enableFloatingIP"] = false;
  if (!p.contains("loadDistribution")) p["loadDistribution"] = "Default";
  return true;
}

bool normalize_nat_pool(const json& request, const std::string& lb_id, json& p, const std::string& id,
                        ArmResponse& res) {
  const std::string name = id_name(id);
  if (!check_ref(request, lb_id, p.value("frontendIPConfiguration", json()), "frontendIPConfigurations", id, res))
    return false;
  const json start = p.value("frontendPortRangeStart", json()), end = p.value("frontendPortRangeEnd", json());
  if (!valid_port(start) || !valid_port(end, 1, 65535) || end.get<int>() < start.get<int>())
    return invalid_property(res, "inboundNatPools." + name,
                            "frontendPortRangeStart and frontendPortRangeEnd must be ports, the end not below the start.");
  if (!valid_port(p.value("backendPort", json()), 1, 65535))
    return invalid_property(res, "inboundNatPools." + name + ".backendPort", "A port is required.");
  if (!p.contains("protocol")) p["protocol"] = "Tcp";
  if (!p.contains("idleTimeoutInMinutes")) p["idleTimeoutInMinutes"] = 4;
  if (!p.contains("enableFloatingIP")) p["enableFloatingIP"] = false;
  return true;
}

bool normalize_element(Cloud& cloud, const json& request, const std::string& lb_id, const std::string& collection,
                       json& e, ArmResponse& res) {
  if (!e.is_object() || !e.value("name", json()).is_string())
    return invalid_property(res, collection, "Every element needs a name.");
  const std::string id = lb_id + "/" + collection + "/" + e["name"].get<std::string>();
  json p = e.value("properties", json::object());
  if (!p.is_object()) return invalid_property(res, collection + ".properties", "An object is required.");
  bool ok = true;
  if (collection == "frontendIPConfigurations") ok = normalize_frontend(cloud, p, id, res);
  if (collection == "probes") ok = normalize_probe(p, e["name"], res);
  if (collection == "loadBalancingRules") ok = normalize_rule(request, lb_id, p, id, res);
  if (collection == "inboundNatPools") ok = normalize_nat_pool(request, lb_id, p, id, res);
  if (!ok) return false;
  p["provisioningState"] = "Succeeded";
  e = {{"id", id}, {"name", e["name"]}, {"etag", "W/\"" + random_uuid() + "\""}, {"properties", p},
       {"type", "Microsoft.Network/loadBalancers/" + collection}};
  return true;
}

// The scale set that uses an element of `lb_id` (or the load balancer itself when `element` is ""), or "".
std::string scale_set_using(const Cloud& cloud, const std::string& prefix) {
  for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud))
    for (const char* list : {"loadBalancerBackendAddressPools", "loadBalancerInboundNatPools"})
      for (const json& ref : c.properties.value(list, json::array()))
        if (resource_key(ref.value("id", "")).starts_with(resource_key(prefix))) return c.scale_set->id;
  return "";
}

bool accept_load_balancer(Cloud& cloud, const json& request, const StoredResource* existing, StoredResource& lb,
                          ArmResponse& res) {
  const json requested = request.value("properties", json::object());
  if (!requested.is_object()) return invalid_property(res, "properties", "An object is required.");
  json p = json::object();
  for (const char* collection : kCollections) {
    json list = requested.value(collection, json::array());
    if (!list.is_array()) return invalid_property(res, collection, "An array is required.");
    for (json& e : list)
      if (!normalize_element(cloud, requested, lb.id, collection, e, res)) return false;
    p[collection] = list;
  }
  // A pool a scale set uses must stay.
  if (existing)
    for (const char* collection : {"backendAddressPools", "inboundNatPools"})
      for (const json& old : existing->body["properties"].value(collection, json::array())) {
        const std::string user = scale_set_using(cloud, old.value("id", "") + "/");
        if (user.empty() || refers_to(p[collection], old.value("id", ""))) continue;
        arm_error(res, 400, "LoadBalancerPoolInUseByVirtualMachineScaleSet",
                  "Cannot remove " + old.value("id", "") + " from load balancer since it is in use by virtual "
                  "machine scale set " + user + ".");
        return false;
      }
  p["inboundNatRules"] = json::array();
  p["resourceGuid"] = existing ? existing->body["properties"].value("resourceGuid", random_uuid()) : random_uuid();
  const json sku = request.value("sku", json{{"name", "Basic"}});
  lb.body["sku"] = {{"name", sku.is_object() ? sku.value("name", "Basic") : "Basic"}, {"tier", "Regional"}};
  lb.body["properties"] = p;
  return true;
}

bool load_balancer_in_use(const Cloud& cloud, const StoredResource& lb, ArmResponse& res) {
  const std::string user = scale_set_using(cloud, lb.id + "/");
  if (user.empty()) return false;
  arm_error(res, 400, "LoadBalancerInUseByVirtualMachineScaleSet",
            "Cannot delete load balancer " + lb.id + " since its child resources are in use by virtual machine "
            "scale set " + user + ".");
  return true;
}

// Adds {"id":…} of every element of `from` whose `property` names `target`, as `as` of the target.
void back_refs(json& p, const char* from, const char* property, const char* to, const char* as) {
  for (json& target : p[to]) {
    json refs = json::array();
    for (const json& e : p[from])
      if (same_id(e["properties"].value(property, json::object()).value("id", ""), target.value("id", "")))
        refs.push_back({{"id", e["id"]}});
    if (!refs.empty()) target["properties"][as] = refs;
  }
}

}  // namespace

const TrackedKind& load_balancer_kind() {
  static const TrackedKind kind{"Microsoft.Network", kLoadBalancerType, "Updating", false, accept_load_balancer,
                                load_balancer_in_use, nullptr};
  return kind;
}

json render_load_balancer(const Cloud& cloud, const StoredResource& lb) {
  json body = lb.body;
  json& p = body["properties"];
  back_refs(p, "loadBalancingRules", "frontendIPConfiguration", "frontendIPConfigurations", "loadBalancingRules");
  back_refs(p, "inboundNatPools", "frontendIPConfiguration", "frontendIPConfigurations", "inboundNatPools");
  back_refs(p, "loadBalancingRules", "backendAddressPool", "backendAddressPools", "loadBalancingRules");
  back_refs(p, "loadBalancingRules", "probe", "probes", "loadBalancingRules");
  for (json& pool : p["backendAddressPools"]) {
    json users = json::array();
    for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud))
      if (refers_to(c.properties.value("loadBalancerBackendAddressPools", json()), pool.value("id", "")))
        for (const json& id : instance_ip_config_ids(c)) users.push_back(id);
    if (!users.empty()) pool["properties"]["backendIPConfigurations"] = users;
  }
  return body;
}

}  // namespace forma::emulator
