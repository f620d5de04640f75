#include "providers/azure/emulator/network_model.h"

#include <arpa/inet.h>
#include <openssl/rand.h>

#include "providers/azure/emulator/arm_http.h"

namespace forma::emulator {

std::vector<ScaleSetIpConfig> scale_set_ip_configs(const Cloud& cloud) {
  std::vector<ScaleSetIpConfig> out;
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kScaleSetType) continue;
    const json nics = r->body["properties"]["virtualMachineProfile"]
                          .value("networkProfile", json::object())
                          .value("networkInterfaceConfigurations", json::array());
    for (const json& nic : nics)
      for (const json& ipc : nic["properties"].value("ipConfigurations", json::array()))
        out.push_back({r, nic.value("name", ""), ipc.value("name", ""), ipc.value("properties", json::object())});
  }
  return out;
}

json instance_ip_config_ids(const ScaleSetIpConfig& config) {
  json out = json::array();
  for (const json& instance : config.scale_set->internal.value("instances", json::array()))
    out.push_back({{"id", config.scale_set->id + "/virtualMachines/" + std::to_string(instance.value("id", 0)) +
                              "/networkInterfaces/" + config.nic + "/ipConfigurations/" + config.name}});
  return out;
}

bool same_id(const std::string& a, const std::string& b) { return resource_key(a) == resource_key(b); }

bool refers_to(const json& refs, const std::string& id) {
  if (!refs.is_array()) return false;
  for (const json& ref : refs)
    if (ref.is_object() && same_id(ref.value("id", ""), id)) return true;
  return false;
}

std::string load_balancer_of(const std::string& child_id) {
  const std::string key = resource_key(child_id);
  const size_t at = key.find("/providers/microsoft.network/loadbalancers/");
  if (at == std::string::npos) return "";
  const size_t name_start = at + std::string("/providers/microsoft.network/loadbalancers/").size();
  const size_t end = key.find('/', name_start);
  if (end == std::string::npos) return "";
  return child_id.substr(0, end);
}

json load_balancer_child(const Cloud& cloud, const std::string& child_id, const char* collection) {
  const std::string lb_id = load_balancer_of(child_id);
  if (lb_id.empty()) return nullptr;
  const StoredResource* lb = cloud.store.find(lb_id);
  if (!lb || lb->type != kLoadBalancerType) return nullptr;
  for (const json& element : lb->body["properties"].value(collection, json::array()))
    if (same_id(element.value("id", ""), child_id)) return element;
  return nullptr;
}

bool invalid_reference(ArmResponse& res, const std::string& id, const std::string& by) {
  arm_error(res, 400, "InvalidResourceReference",
            "Resource " + id + " referenced by resource " + by +
                " was not found. Please make sure that the referenced resource exists, and that both resources "
                "are in the same region.");
  return false;
}

bool parse_cidr(const std::string& text, uint32_t& base, int& bits) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  in_addr addr{};
  if (inet_pton(AF_INET, text.substr(0, slash).c_str(), &addr) != 1) return false;
  const std::string length = text.substr(slash + 1);
  if (length.empty() || length.size() > 2 || length.find_first_not_of("0123456789") != std::string::npos)
    return false;
  bits = std::stoi(length);
  if (bits > 32) return false;
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  base = ntohl(addr.s_addr) & mask;
  return true;
}

bool cidr_within(const std::string& inner, const std::string& outer) {
  uint32_t a = 0, b = 0;
  int abits = 0, bbits = 0;
  if (!parse_cidr(inner, a, abits) || !parse_cidr(outer, b, bbits) || abits < bbits) return false;
  const uint32_t mask = bbits == 0 ? 0 : ~uint32_t{0} << (32 - bbits);
  return (a & mask) == b;
}

bool cidr_overlap(const std::string& a, const std::string& b) { return cidr_within(a, b) || cidr_within(b, a); }

std::string allocate_public_loopback(Cloud& cloud) {
  auto next = cloud.store.setting("next_public_loopback");
  int n = 0;
  if (next) {
    n = std::stoi(*next);
  } else {
    unsigned char bytes[2];
    RAND_bytes(bytes, sizeof bytes);
    n = (bytes[0] << 8 | bytes[1]) % 60000;
  }
  cloud.store.put_setting("next_public_loopback", std::to_string(n + 1));
  n %= 254 * 256;
  return "127.20." + std::to_string(n / 254) + "." + std::to_string(n % 254 + 1);
}

}  // namespace forma::emulator
