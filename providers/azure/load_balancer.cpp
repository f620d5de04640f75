// azure_lb: `az network lb create` with its frontends, backend pools, probes,
// load-balancing rules and inbound NAT pools. Parts name each other (a rule's
// frontend_ip_configuration_name); forma turns the names into the ids Azure
// wants and reports each part's id in *_ids maps for scale sets to use.
#include "providers/azure/arm_resource.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/network_bodies.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

using sdk::Attribute;

Attribute str(bool required, const char* description = "") {
  return {.type = "string", .required = required, .optional = !required, .description = description};
}
Attribute num(bool required, const char* description = "") {
  return {.type = "number", .required = required, .optional = !required, .description = description};
}
Attribute with_default(Attribute a, json value) {
  a.default_value = std::move(value);
  return a;
}
Attribute ids(const char* description) { return {.type = "map(string)", .computed = true, .description = description}; }

const char* const kParts[] = {"frontend_ip_configurations", "backend_address_pools", "probes", "rules", "nat_pools"};

class LoadBalancer : public GroupResource {
 public:
  explicit LoadBalancer(ContextPtr context)
      : GroupResource("azure_lb", std::move(context), "Microsoft.Network", "loadBalancers", kNetworkApi) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = group_resource_attributes("load balancer");
    attrs["sku"] = {.type = "string", .optional = true, .force_new = true, .default_value = "Basic",
                    .description = "Basic or Standard."};
    attrs["frontend_ip_configurations"] = {
        .type = "list(object)", .required = true, .description = "Frontends: a public IP (or a subnet, internal).",
        .attributes = {{"name", str(true)}, {"public_ip_address_id", str(false, "ARM id of an azure_public_ip.")},
                       {"subnet_id", str(false, "ARM id of a subnet, for an internal frontend.")}}};
    attrs["backend_address_pools"] = {.type = "list(object)", .optional = true,
                                      .description = "Pools scale sets join (lb_backend_pool_ids).",
                                      .attributes = {{"name", str(true)}}};
    attrs["probes"] = {.type = "list(object)", .optional = true, .description = "Health probes.",
                       .attributes = {{"name", str(true)}, {"protocol", with_default(str(false, "Tcp, Http or Https."), "Tcp")},
                                      {"port", num(true)}, {"interval_seconds", with_default(num(false), 15)},
                                      {"number_of_probes", with_default(num(false), 2)},
                                      {"request_path", str(false, "For Http and Https probes.")}}};
    attrs["rules"] = {
        .type = "list(object)", .optional = true, .description = "Load-balancing rules (e.g. JupyterHub 8000 → 8000).",
        .attributes = {{"name", str(true)}, {"frontend_ip_configuration_name", str(true)},
                       {"backend_address_pool_name", str(false)}, {"probe_name", str(false)},
                       {"protocol", with_default(str(false, "Tcp, Udp or All."), "Tcp")}, {"frontend_port", num(true)},
                       {"backend_port", num(true)}, {"idle_timeout_minutes", with_default(num(false), 4)},
                       {"load_distribution", with_default(str(false, "Default, SourceIP or SourceIPProtocol."), "Default")},
                       {"enable_floating_ip", {.type = "bool", .optional = true, .default_value = false}}}};
    attrs["nat_pools"] = {
        .type = "list(object)", .optional = true,
        .description = "Inbound NAT pools: instance i of a scale set gets frontend_port_start + i.",
        .attributes = {{"name", str(true)}, {"frontend_ip_configuration_name", str(true)},
                       {"protocol", with_default(str(false), "Tcp")}, {"frontend_port_start", num(true)},
                       {"frontend_port_end", num(true)}, {"backend_port", num(true)}}};
    attrs["frontend_ip_configuration_ids"] = ids("Frontend name → ARM id.");
    attrs["backend_address_pool_ids"] = ids("Backend pool name → ARM id.");
    attrs["probe_ids"] = ids("Probe name → ARM id.");
    attrs["nat_pool_ids"] = ids("NAT pool name → ARM id.");
    return {.version = 0, .description = "A load balancer (az network lb create).", .attributes = attrs};
  }

 protected:
  json request_body(const json& planned) const override {
    std::string id;
    (void)arm_id(planned, id);
    return load_balancer_body(id, without_unknowns(planned));
  }
  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json state = group_resource_state(known, id, body);
    state["sku"] = value_at(body, "/sku/name").is_null() ? json("Basic") : value_at(body, "/sku/name");
    const json parts = load_balancer_parts(body);
    for (const char* part : kParts)  // a part left out of the config stays null while Azure has none
      state[part] = parts[part].empty() && known.value(part, json()).is_null() ? json() : parts[part];
    state["frontend_ip_configuration_ids"] = part_ids(body, "frontendIPConfigurations");
    state["backend_address_pool_ids"] = part_ids(body, "backendAddressPools");
    state["probe_ids"] = part_ids(body, "probes");
    state["nat_pool_ids"] = part_ids(body, "inboundNatPools");
    return state;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_load_balancer(ContextPtr context) {
  return std::make_shared<LoadBalancer>(std::move(context));
}

}  // namespace forma::azure
