#include "providers/azure/network_bodies.h"

#include "providers/azure/group_resource.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {

json id_ref(const std::string& id) { return {{"id", id}}; }

std::string child_id(const std::string& lb_id, const char* collection, const json& name) {
  return lb_id + "/" + collection + "/" + (name.is_string() ? name.get<std::string>() : std::string());
}

// The name at the end of a {"id": …} reference; null when there is none.
json ref_name(const json& reference) {
  if (!reference.is_object() || !reference.value("id", json()).is_string()) return nullptr;
  const std::string id = reference["id"];
  return id.substr(id.rfind('/') + 1);
}

}  // namespace

json virtual_network_body(const json& planned) {
  json body = group_resource_body(planned);
  json subnets = json::array();
  for (const json& s : list_or_empty(without_unknowns(planned.value("subnets", json()))))
    subnets.push_back({{"name", s.value("name", json())}, {"properties", {{"addressPrefix", s.value("address_prefix", json())}}}});
  body["properties"] = {{"addressSpace", {{"addressPrefixes", list_or_empty(planned.value("address_space", json()))}}},
                        {"subnets", subnets}};
  return body;
}

json subnets_state(const json& body) {
  json out = json::array();
  for (const json& s : list_or_empty(value_at(body, "/properties/subnets")))
    out.push_back({{"name", s.value("name", json())},
                   {"address_prefix", value_at(s, "/properties/addressPrefix")},
                   {"id", s.value("id", json())}});
  return out;
}

json public_ip_body(const json& planned) {
  json body = group_resource_body(planned);
  body["sku"] = {{"name", planned.value("sku", json("Basic"))}};
  body["properties"] = {{"publicIPAllocationMethod", planned.value("allocation_method", json("Dynamic"))},
                        {"publicIPAddressVersion", "IPv4"},
                        {"idleTimeoutInMinutes", planned.value("idle_timeout_minutes", json(4))}};
  if (known_string(planned, "domain_name_label"))
    body["properties"]["dnsSettings"] = {{"domainNameLabel", planned["domain_name_label"]}};
  return body;
}

json load_balancer_body(const std::string& lb_id, const json& planned) {
  json body = group_resource_body(planned);
  body["sku"] = {{"name", planned.value("sku", json("Basic"))}};
  json p = json::object();
  for (const json& f : list_or_empty(planned.value("frontend_ip_configurations", json()))) {
    json fp = json::object();
    if (known_string(f, "public_ip_address_id")) fp["publicIPAddress"] = id_ref(f["public_ip_address_id"]);
    if (known_string(f, "subnet_id")) fp["subnet"] = id_ref(f["subnet_id"]);
    p["frontendIPConfigurations"].push_back({{"name", f["name"]}, {"properties", fp}});
  }
  for (const json& b : list_or_empty(planned.value("backend_address_pools", json())))
    p["backendAddressPools"].push_back({{"name", b["name"]}});
  for (const json& pr : list_or_empty(planned.value("probes", json()))) {
    json pp = {{"protocol", pr.value("protocol", json("Tcp"))}, {"port", pr.value("port", json())},
               {"intervalInSeconds", pr.value("interval_seconds", json(15))},
               {"numberOfProbes", pr.value("number_of_probes", json(2))}};
    if (known_string(pr, "request_path")) pp["requestPath"] = pr["request_path"];
    p["probes"].push_back({{"name", pr["name"]}, {"properties", pp}});
  }
  for (const json& r : list_or_empty(planned.value("rules", json()))) {
    json rp = {{"frontendIPConfiguration", id_ref(child_id(lb_id, "frontendIPConfigurations", r.value("frontend_ip_configuration_name", json())))},
               {"protocol", r.value("protocol", json("Tcp"))},
               {"frontendPort", r.value("frontend_port", json())},
               {"backendPort", r.value("backend_port", json())},
               {"idleTimeoutInMinutes", r.value("idle_timeout_minutes", json(4))},
               {"loadDistribution", r.value("load_distribution", json("Default"))},
               {"enableFloatingIP", r.value("enable_floating_ip", json(false))}};
    if (known_string(r, "backend_address_pool_name"))
      rp["backendAddressPool"] = id_ref(child_id(lb_id, "backendAddressPools", r["backend_address_pool_name"]));
    if (known_string(r, "probe_name")) rp["probe"] = id_ref(child_id(lb_id, "probes", r["probe_name"]));
    p["loadBalancingRules"].push_back({{"name", r["name"]}, {"properties", rp}});
  }
  for (const json& n : list_or_empty(planned.value("nat_pools", json())))
    p["inboundNatPools"].push_back(
        {{"name", n["name"]},
         {"properties",
          {{"frontendIPConfiguration", id_ref(child_id(lb_id, "frontendIPConfigurations", n.value("frontend_ip_configuration_name", json())))},
           {"protocol", n.value("protocol", json("Tcp"))},
           {"frontendPortRangeStart", n.value("frontend_port_start", json())},
           {"frontendPortRangeEnd", n.value("frontend_port_end", json())},
           {"backendPort", n.value("backend_port", json())}}}});
  body["properties"] = p;
  return body;
}

json load_balancer_parts(const json& body) {
  const json p = body.value("properties", json::object());
  json out = {{"frontend_ip_configurations", json::array()}, {"backend_address_pools", json::array()},
              {"probes", json::array()}, {"rules", json::array()}, {"nat_pools", json::array()}};
  for (const json& f : list_or_empty(p.value("frontendIPConfigurations", json())))
    out["frontend_ip_configurations"].push_back({{"name", f["name"]},
                                                 {"public_ip_address_id", value_at(f, "/properties/publicIPAddress/id")},
                                                 {"subnet_id", value_at(f, "/properties/subnet/id")}});
  for (const json& b : list_or_empty(p.value("backendAddressPools", json()))) out["backend_address_pools"].push_back({{"name", b["name"]}});
  for (const json& pr : list_or_empty(p.value("probes", json()))) {
    const json& q = pr["properties"];
    out["probes"].push_back({{"name", pr["name"]}, {"protocol", q.value("protocol", json())}, {"port", q.value("port", json())},
                             {"interval_seconds", q.value("intervalInSeconds", json())},
                             {"number_of_probes", q.value("numberOfProbes", json())},
                             {"request_path", q.value("requestPath", json())}});
  }
  for (const json& r : list_or_empty(p.value("loadBalancingRules", json()))) {
    const json& q = r["properties"];
    out["rules"].push_back({{"name", r["name"]},
                            {"frontend_ip_configuration_name", ref_name(q.value("frontendIPConfiguration", json()))},
                            {"backend_address_pool_name", ref_name(q.value("backendAddressPool", json()))},
                            {"probe_name", ref_name(q.value("probe", json()))},
                            {"protocol", q.value("protocol", json())}, {"frontend_port", q.value("frontendPort", json())},
                            {"backend_port", q.value("backendPort", json())},
                            {"idle_timeout_minutes", q.value("idleTimeoutInMinutes", json())},
                            {"load_distribution", q.value("loadDistribution", json())},
                            {"enable_floating_ip", q.value("enableFloatingIP", json())}});
  }
  for (const json& n : list_or_empty(p.value("inboundNatPools", json()))) {
    const json& q = n["properties"];
    out["nat_pools"].push_back({{"name", n["name"]},
                                {"frontend_ip_configuration_name", ref_name(q.value("frontendIPConfiguration", json()))},
                                {"protocol", q.value("protocol", json())},
                                {"frontend_port_start", q.value("frontendPortRangeStart", json())},
                                {"frontend_port_end", q.value("frontendPortRangeEnd", json())},
                                {"backend_port", q.value("backendPort", json())}});
  }
  return out;
}

json part_ids(const json& body, const char* collection) {
  json out = json::object();
  for (const json& e : list_or_empty(value_at(body, (std::string("/properties/") + collection).c_str())))
    if (e.value("name", json()).is_string()) out[e["name"].get<std::string>()] = e.value("id", json());
  return out;
}

}  // namespace forma::azure
