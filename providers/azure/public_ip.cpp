// azure_public_ip: `az network public-ip create`. ip_address is the address
// Azure gives it (the emulator's own loopback address per public IP).
#include "providers/azure/arm_resource.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/network_bodies.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

class PublicIp : public GroupResource {
 public:
  explicit PublicIp(ContextPtr context)
      : GroupResource("azure_public_ip", std::move(context), "Microsoft.Network", "publicIPAddresses", kNetworkApi) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = group_resource_attributes("public IP address");
    attrs["allocation_method"] = {.type = "string", .optional = true, .default_value = "Dynamic",
                                  .description = "Dynamic or Static (--allocation-method)."};
    attrs["sku"] = {.type = "string", .optional = true, .force_new = true, .default_value = "Basic",
                    .description = "Basic or Standard (Standard needs Static)."};
    attrs["idle_timeout_minutes"] = {.type = "number", .optional = true, .default_value = 4,
                                     .description = "TCP idle timeout, 4-30 minutes."};
    attrs["domain_name_label"] = {.type = "string", .optional = true,
                                  .description = "DNS label: {label}.{location}.cloudapp.azure.com."};
    attrs["ip_address"] = {.type = "string", .computed = true, .description = "The address Azure assigned."};
    attrs["fqdn"] = {.type = "string", .computed = true, .description = "The DNS name, when a label is set."};
    return {.version = 0, .description = "A public IP address (az network public-ip create).", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags = GroupResource::validate(config);
    if (config.value("sku", json()) == json("Standard") && config.value("allocation_method", json()) != json("Static"))
      diags.push_back(Diagnostic::error("A Standard public IP must be Static", "Set allocation_method = \"Static\".",
                                        {}, "/allocation_method"));
    return diags;
  }

 protected:
  json request_body(const json& planned) const override { return public_ip_body(planned); }
  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json state = group_resource_state(known, id, body);
    const json p = body.value("properties", json::object());
    state["allocation_method"] = p.value("publicIPAllocationMethod", json("Dynamic"));
    state["sku"] = value_at(body, "/sku/name").is_null() ? json("Basic") : value_at(body, "/sku/name");
    state["idle_timeout_minutes"] = p.value("idleTimeoutInMinutes", json(4));
    state["domain_name_label"] = value_at(p, "/dnsSettings/domainNameLabel");
    state["ip_address"] = p.value("ipAddress", json(""));
    state["fqdn"] = value_at(p, "/dnsSettings/fqdn");
    return state;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_public_ip(ContextPtr context) { return std::make_shared<PublicIp>(std::move(context)); }

}  // namespace forma::azure
