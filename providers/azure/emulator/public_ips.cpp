// Microsoft.Network public IP addresses. Each gets an emulated address of its
// own on loopback (127.20.a.b, kept for its life) reported as ipAddress; the
// load balancer frontends, SSH NAT ports and HTTP rules of the emulator
// listen there. An address still used by a load balancer cannot be deleted.
#include "engine/base/text.h"
#include "providers/azure/emulator/network_kinds.h"
#include "providers/azure/emulator/network_model.h"

namespace forma::emulator {
namespace {

// The load balancer frontend that uses `ip`, or "".
std::string frontend_using(const Cloud& cloud, const std::string& ip) {
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kLoadBalancerType) continue;
    for (const json& fe : r->body["properties"].value("frontendIPConfigurations", json::array()))
      if (same_id(fe["properties"].value("publicIPAddress", json::object()).value("id", ""), ip))
        return fe.value("id", "");
  }
  return "";
}

bool accept_public_ip(Cloud& cloud, const json& request, const StoredResource* existing, StoredResource& ip,
                      ArmResponse& res) {
  const json p = request.value("properties", json::object());
  const std::string method = p.value("publicIPAllocationMethod", "Dynamic");
  if (method != "Dynamic" && method != "Static")
    return invalid_property(res, "publicIPAllocationMethod", "It must be Dynamic or Static.");
  const std::string version = p.value("publicIPAddressVersion", "IPv4");
  if (version != "IPv4") return invalid_property(res, "publicIPAddressVersion", "Only IPv4 is emulated.");
  const json idle = p.value("idleTimeoutInMinutes", json(4));
  if (!idle.is_number_integer() || idle.get<int>() < 4 || idle.get<int>() > 30)
    return invalid_property(res, "idleTimeoutInMinutes", "It must be an integer from 4 to 30.");
  const json sku = request.value("sku", json{{"name", "Basic"}});
  const std::string sku_name = sku.is_object() ? sku.value("name", "Basic") : "";
  if (sku_name != "Basic" && sku_name != "Standard") return invalid_property(res, "sku.name", "It must be Basic or Standard.");
  if (sku_name == "Standard" && method != "Static") {
    arm_error(res, 400, "StandardSkuPublicIPAddressesCannotBeDynamic",
              "Standard sku publicIp " + ip.id + " must have AllocationMethod set to Static.");
    return false;
  }
  if (!existing) ip.internal["address"] = allocate_public_loopback(cloud);
  ip.body["sku"] = {{"name", sku_name}, {"tier", sku.value("tier", "Regional")}};
  ip.body["properties"] = {{"publicIPAllocationMethod", method},
                           {"publicIPAddressVersion", version},
                           {"idleTimeoutInMinutes", idle},
                           {"ipTags", p.value("ipTags", json::array())},
                           {"ipAddress", ip.internal["address"]},
                           {"resourceGuid", existing ? existing->body["properties"].value("resourceGuid", random_uuid())
                                                     : random_uuid()}};
  if (p.value("dnsSettings", json()).is_object()) {
    json dns = p["dnsSettings"];
    if (dns.value("domainNameLabel", json()).is_string())
      dns["fqdn"] = dns["domainNameLabel"].get<std::string>() + "." + normalize_location(request.value("location", "")) +
                    ".cloudapp.azure.com";
    ip.body["properties"]["dnsSettings"] = dns;
  }
  return true;
}

bool public_ip_in_use(const Cloud& cloud, const StoredResource& ip, ArmResponse& res) {
  const std::string user = frontend_using(cloud, ip.id);
  if (user.empty()) return false;
  arm_error(res, 400, "PublicIPAddressCannotBeDeleted",
            "Public IP address " + ip.id + " can not be deleted since it is still allocated to resource " + user + ".");
  return true;
}

}  // namespace

const TrackedKind& public_ip_kind() {
  static const TrackedKind kind{"Microsoft.Network", kPublicIpType, "Updating", false, accept_public_ip,
                                public_ip_in_use, nullptr};
  return kind;
}

json render_public_ip(const Cloud& cloud, const StoredResource& ip) {
  json body = ip.body;
  const std::string user = frontend_using(cloud, ip.id);
  if (!user.empty()) body["properties"]["ipConfiguration"] = {{"id", user}};
  return body;
}

}  // namespace forma::emulator
