// Microsoft.Network virtual networks and their subnets. Subnets are stored
// as child resources (…/virtualNetworks/{v}/subnets/{s}) and shown inline in
// the network; a network PUT sets its subnets to the listed ones, as Azure
// does. A subnet in use by a scale set cannot be deleted.
#include "engine/base/text.h"
#include "providers/azure/emulator/network_kinds.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

bool invalid_prefix(ArmResponse& res, const std::string& prefix, const std::string& where) {
  arm_error(res, 400, "InvalidCIDRNotation",
            "The address prefix " + prefix + " in resource " + where + " has an invalid CIDR notation.");
  return false;
}

json users_of_subnet(const Cloud& cloud, const std::string& subnet_id) {
  json users = json::array();
  for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud))
    if (same_id(c.properties.value("subnet", json::object()).value("id", ""), subnet_id))
      for (const json& id : instance_ip_config_ids(c)) users.push_back(id);
  return users;
}

bool subnet_in_use(const Cloud& cloud, const StoredResource& subnet, ArmResponse& res) {
  std::string by;
  for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud))
    if (by.empty() && same_id(c.properties.value("subnet", json::object()).value("id", ""), subnet.id))
      by = c.scale_set->id;
  if (by.empty()) return false;
  const json users = users_of_subnet(cloud, subnet.id);
  if (!users.empty()) by = users[0]["id"].get<std::string>();
  arm_error(res, 400, "InUseSubnetCannotBeDeleted",
            "Subnet " + id_name(subnet.id) + " is in use by " + by +
                " and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. "
                "See aka.ms/deletesubnet.");
  return true;
}

// Checks one subnet's properties against the network's address space and its siblings.
bool check_subnet(const json& properties, const std::string& name, const json& space, const json& siblings,
                  const std::string& vnet_name, ArmResponse& res) {
  if (!properties.is_object() || !properties.value("addressPrefix", json()).is_string())
    return invalid_property(res, "subnets." + name + ".addressPrefix", "An address prefix is required.");
  const std::string prefix = properties["addressPrefix"];
  uint32_t base = 0;
  int bits = 0;
  if (!parse_cidr(prefix, base, bits)) return invalid_prefix(res, prefix, "subnet " + name);
  bool inside = false;
  for (const json& range : space) inside = inside || (range.is_string() && cidr_within(prefix, range));
  if (!inside) {
    arm_error(res, 400, "NetcfgSubnetRangeOutsideVnet",
              "Subnet '" + name + "' is not valid because its IP address range is outside the IP address range of "
              "virtual network '" + vnet_name + "'.");
    return false;
  }
  for (const auto& [other, other_prefix] : siblings.items())
    if (other != name && cidr_overlap(prefix, other_prefix.get<std::string>())) {
      arm_error(res, 400, "NetcfgSubnetRangesOverlap",
                "Subnet '" + name + "' is not valid because its IP address range overlaps with that of an existing "
                "subnet '" + other + "' in virtual network '" + vnet_name + "'.");
      return false;
    }
  return true;
}

StoredResource subnet_resource(const std::string& id, const json& properties) {
  return {id, kSubnetType,
          {{"id", id}, {"name", id_name(id)}, {"type", kSubnetType}, {"etag", "W/\"" + random_uuid() + "\""},
           {"properties", {{"addressPrefix", properties["addressPrefix"]}, {"provisioningState", "Succeeded"}}}},
          json::object()};
}

bool accept_vnet(Cloud& cloud, const json& request, const StoredResource* existing, StoredResource& vnet,
                 ArmResponse& res) {
  const json p = request.value("properties", json::object());
  const json space = p.value("addressSpace", json::object()).value("addressPrefixes", json());
  if (!space.is_array() || space.empty())
    return invalid_property(res, "addressSpace.addressPrefixes", "At least one address prefix is required.");
  uint32_t base = 0;
  int bits = 0;
  for (const json& prefix : space)
    if (!prefix.is_string() || !parse_cidr(prefix, base, bits))
      return invalid_prefix(res, prefix.is_string() ? prefix.get<std::string>() : prefix.dump(), vnet.id);
  const json subnets = p.value("subnets", json::array());
  if (!subnets.is_array()) return invalid_property(res, "subnets", "An array is required.");
  json prefixes = json::object();
  for (const json& s : subnets) {
    if (!s.is_object() || !s.value("name", json()).is_string())
      return invalid_property(res, "subnets", "Every subnet needs a name.");
    prefixes[s["name"].get<std::string>()] = s.value("properties", json::object()).value("addressPrefix", "");
  }
  for (const json& s : subnets)
    if (!check_subnet(s.value("properties", json()), s["name"], space, prefixes, id_name(vnet.id), res)) return false;
  // Subnets left out of the request go, unless something uses them.
  if (existing)
    for (const StoredResource* old : cloud.store.under(existing->id, kSubnetType))
      if (!prefixes.contains(id_name(old->id)) && subnet_in_use(cloud, *old, res)) return false;
  if (existing)
    for (const StoredResource* old : cloud.store.under(existing->id, kSubnetType))
      if (!prefixes.contains(id_name(old->id))) cloud.store.erase_tree(old->id);
  for (const json& s : subnets) cloud.store.put(subnet_resource(vnet.id + "/subnets/" + s["name"].get<std::string>(), s["properties"]));
  vnet.body["properties"] = {{"addressSpace", {{"addressPrefixes", space}}},
                             {"dhcpOptions", p.value("dhcpOptions", json{{"dnsServers", json::array()}})},
                             {"virtualNetworkPeerings", json::array()},
                             {"enableDdosProtection", p.value("enableDdosProtection", false)},
                             {"resourceGuid", existing ? existing->body["properties"].value("resourceGuid", random_uuid())
                                                       : random_uuid()}};
  return true;
}

bool accept_subnet(Cloud& cloud, const json& request, const StoredResource*, StoredResource& subnet,
                   ArmResponse& res) {
  const std::string vnet_id = subnet.id.substr(0, subnet.id.rfind("/subnets/"));
  const StoredResource* vnet = cloud.store.find(vnet_id);
  const json space = vnet->body["properties"]["addressSpace"]["addressPrefixes"];
  json siblings = json::object();
  for (const StoredResource* s : cloud.store.under(vnet_id, kSubnetType))
    siblings[id_name(s->id)] = s->body["properties"]["addressPrefix"];
  const json p = request.value("properties", json::object());
  if (!check_subnet(p, id_name(subnet.id), space, siblings, id_name(vnet_id), res)) return false;
  subnet.body = subnet_resource(subnet.id, p).body;
  return true;
}

bool vnet_in_use(const Cloud& cloud, const StoredResource& vnet, ArmResponse& res) {
  for (const StoredResource* s : cloud.store.under(vnet.id, kSubnetType))
    if (subnet_in_use(cloud, *s, res)) return true;
  return false;
}

}  // namespace

const TrackedKind& virtual_network_kind() {
  static const TrackedKind kind{"Microsoft.Network", kVnetType, "Updating", false, accept_vnet, vnet_in_use,
                                [](const Cloud& cloud, const StoredResource& r) { return render_virtual_network(cloud, r); }};
  return kind;
}

const TrackedKind& subnet_kind() {
  static const TrackedKind kind{"Microsoft.Network", kSubnetType, "Updating", true, accept_subnet, subnet_in_use,
                                nullptr};
  return kind;
}

json render_subnet(const Cloud& cloud, const StoredResource& subnet) {
  json body = subnet.body;
  const json users = users_of_subnet(cloud, subnet.id);
  if (!users.empty()) body["properties"]["ipConfigurations"] = users;
  return body;
}

json render_virtual_network(const Cloud& cloud, const StoredResource& vnet) {
  json body = vnet.body;
  json subnets = json::array();
  for (const StoredResource* s : cloud.store.under(vnet.id, kSubnetType)) subnets.push_back(render_subnet(cloud, *s));
  body["properties"]["subnets"] = subnets;
  return body;
}

}  // namespace forma::emulator
