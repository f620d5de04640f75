// azure_virtual_network (`az network vnet create`) with subnets inline, and
// azure_subnet (`az network vnet subnet create`) for subnets managed on their
// own. A network's subnets are optional and computed: left out of the config,
// the network keeps the subnets it has (its PUTs send them back), so the two
// resources can be mixed as in Azure.
#include "providers/azure/arm_resource.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/network_bodies.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

class VirtualNetwork : public GroupResource {
 public:
  explicit VirtualNetwork(ContextPtr context)
      : GroupResource("azure_virtual_network", std::move(context), "Microsoft.Network", "virtualNetworks", kNetworkApi) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = group_resource_attributes("virtual network");
    attrs["address_space"] = {.type = "list(string)", .required = true,
                              .description = "Address prefixes (CIDR), e.g. [\"10.0.0.0/16\"]."};
    attrs["subnets"] = {.type = "list(object)", .optional = true, .computed = true,
                        .description = "Subnets inline; when left out, the subnets it has (e.g. azure_subnet's) stay.",
                        .attributes = {
                            {"name", {.type = "string", .required = true}},
                            {"address_prefix", {.type = "string", .required = true, .description = "CIDR within address_space."}},
                            {"id", {.type = "string", .computed = true, .description = "ARM id of the subnet."}},
                        }};
    return {.version = 0, .description = "A virtual network (az network vnet create).", .attributes = attrs};
  }

 protected:
  json request_body(const json& planned) const override { return virtual_network_body(planned); }
  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json state = group_resource_state(known, id, body);
    state["address_space"] = value_at(body, "/properties/addressSpace/addressPrefixes");
    state["subnets"] = subnets_state(body);
    return state;
  }
};

class Subnet : public ArmResource {
 public:
  explicit Subnet(ContextPtr context) : ArmResource("azure_subnet", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A subnet of a virtual network (az network vnet subnet create).",
            .attributes = {
                {"name", {.type = "string", .required = true, .force_new = true, .description = "Subnet name."}},
                {"virtual_network_id", {.type = "string", .required = true, .force_new = true,
                                        .description = "ARM id of the virtual network."}},
                {"address_prefix", {.type = "string", .required = true,
                                    .description = "CIDR within the network's address space; changes in place."}},
                {"id", {.type = "string", .computed = true, .description = "ARM id."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    json id = config.value("virtual_network_id", json());
    if (!id.is_string()) return {};
    auto parsed = parse_arm_id(id.get<std::string>());
    if (parsed && parsed->is("Microsoft.Network", {"virtualNetworks"})) return {};
    return {Diagnostic::error("virtual_network_id is not the ARM id of a virtual network", "Got " + id.dump() + ".", {},
                              "/virtual_network_id")};
  }

 protected:
  std::string api_version() const override { return kNetworkApi; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.Network", {"virtualNetworks", "subnets"}); }
  Status arm_id(const json& state, std::string& id) const override {
    if (!known_string(state, "virtual_network_id") || !known_string(state, "name"))
      return Status::error("The subnet's network or name is not known.");
    id = string_at(state, "virtual_network_id") + "/subnets/" + string_at(state, "name");
    return Status::ok();
  }
  json request_body(const json& planned) const override {
    return {{"properties", {{"addressPrefix", planned.value("address_prefix", json())}}}};
  }
  json to_state(const json& known, const ArmId& id, const json& body) const override {
    const std::string vnet = id.parent().to_string();
    return {{"name", id.name()},
            {"virtual_network_id", iequals(string_at(known, "virtual_network_id"), vnet) ? known["virtual_network_id"] : json(vnet)},
            {"address_prefix", value_at(body, "/properties/addressPrefix")},
            {"id", id.to_string()}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_virtual_network(ContextPtr context) {
  return std::make_shared<VirtualNetwork>(std::move(context));
}

std::shared_ptr<sdk::Resource> make_subnet(ContextPtr context) { return std::make_shared<Subnet>(std::move(context)); }

}  // namespace forma::azure
