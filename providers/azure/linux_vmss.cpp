// azure_linux_vmss: `az vmss create` for Linux. instances (sku.capacity) is
// an in-place update. When an enabled autoscale setting governs the set, the
// capacity Azure reports moves by itself: it is recorded as current_instances
// and is not drift of instances, as a Batch AI auto-scale cluster's node
// count is not; without one, a capacity changed behind forma's back is.
#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/pool_nodes.h"
#include "providers/azure/resources.h"
#include "providers/azure/scale_set_body.h"
#include "providers/azure/vmss_shared.h"

namespace forma::azure {
namespace {

class LinuxVmss : public GroupResource {
 public:
  explicit LinuxVmss(ContextPtr context)
      : GroupResource("azure_linux_vmss", std::move(context), "Microsoft.Compute", "virtualMachineScaleSets", kComputeApi) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = group_resource_attributes("scale set");
    attrs.insert({
        {"vm_size", {.type = "string", .required = true, .description = "sku.name, e.g. Standard_D2s_v3."}},
        {"instances", {.type = "number", .required = true, .description = "sku.capacity; changes in place."}},
        {"upgrade_mode", {.type = "string", .optional = true, .default_value = "Manual",
                          .description = "Manual, Automatic or Rolling."}},
        {"overprovision", {.type = "bool", .optional = true, .default_value = false}},
        {"computer_name_prefix", {.type = "string", .optional = true, .computed = true, .force_new = true,
                                  .description = "Host name prefix; default: the name."}},
        {"admin_username", {.type = "string", .required = true, .force_new = true}},
        {"admin_password", {.type = "string", .optional = true, .sensitive = true, .force_new = true,
                            .description = "Never returned by Azure; without it password login is disabled."}},
        {"admin_ssh_keys", {.type = "list(string)", .optional = true, .force_new = true,
                            .description = "OpenSSH public keys for /home/{admin}/.ssh/authorized_keys."}},
        {"source_image", {.type = "object", .required = true, .force_new = true,
                          .description = "Marketplace image.",
                          .attributes = {{"publisher", {.type = "string", .required = true}},
                                         {"offer", {.type = "string", .required = true}},
                                         {"sku", {.type = "string", .required = true}},
                                         {"version", {.type = "string", .optional = true, .default_value = "latest"}}}}},
        {"plan", {.type = "object", .optional = true, .force_new = true,
                  .description = "Marketplace plan, required by images sold through one (the DSVMs).",
                  .attributes = {{"name", {.type = "string", .required = true}},
                                 {"publisher", {.type = "string", .required = true}},
                                 {"product", {.type = "string", .required = true}}}}},
        {"subnet_id", {.type = "string", .required = true, .force_new = true}},
        {"lb_backend_pool_ids", {.type = "list(string)", .optional = true, .force_new = true}},
        {"lb_nat_pool_ids", {.type = "list(string)", .optional = true, .force_new = true}},
        {"extensions", vmss_extensions_attribute()},
        {"current_instances", {.type = "number", .computed = true, .description = "Capacity Azure reports now."}},
        {"autoscaled", {.type = "bool", .computed = true,
                        .description = "Whether an enabled autoscale setting governs the capacity."}},
        {"nodes", vmss_nodes_attribute()},
    });
    return {.version = 0, .description = "A Linux virtual machine scale set (az vmss create).", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags = GroupResource::validate(config);
    if (!is_unknown(config.value("admin_password", json())) && config.value("admin_password", json()).is_null() &&
        config.value("admin_ssh_keys", json()).is_null())
      diags.push_back(Diagnostic::error("The admin account has no password and no SSH key",
                                        "Set admin_password or admin_ssh_keys.", {}, "/admin_username"));
    return diags;
  }

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override {
    ArmResource::customize_plan(request, change);
    json& planned = change.planned_state;
    if (!planned.is_object()) return;
    json& prefix = planned["computer_name_prefix"];
    if ((prefix.is_null() || is_unknown(prefix)) && planned.value("name", json()).is_string()) prefix = planned["name"];
  }

  sdk::StateResult create(const sdk::ApplyRequest& request) override { return settled(ArmResource::create(request)); }
  sdk::StateResult update(const sdk::ApplyRequest& request) override { return settled(ArmResource::update(request)); }

 protected:
  json request_body(const json& planned) const override { return scale_set_body(without_unknowns(planned)); }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json state = group_resource_state(known, id, body);
    state.update(scale_set_parts(body));
    state["admin_password"] = known.value("admin_password", json());
    state["extensions"] = observed_extensions(known.value("extensions", json()), state["extensions"]);
    state["current_instances"] = state["instances"];
    if (known.value("instances", json()).is_number()) state["instances"] = known["instances"];
    state["autoscaled"] = false;
    state["nodes"] = json::array();
    return state;
  }

  Diagnostics complete(ArmClient& client, json& state) const override {
    Diagnostics diags = governed_capacity(client, state);
    ArmResult got = client.get(string_at(state, "id"), kComputeApi);
    json nodes;
    if (got.ok() && !got.not_found()) append(diags, list_pool_nodes(client, got.body, nodes));
    state["nodes"] = nodes.is_array() ? nodes : json::array();
    return diags;
  }

 private:
  // After a create or resize, forma waits until the instances run and reads their endpoints again.
  sdk::StateResult settled(sdk::StateResult out) {
    auto client = context_->client();
    if (!client || has_errors(out.diagnostics) || !known_string(out.state, "id")) return out;
    append(out.diagnostics, wait_for_running_instances(*client, string_at(out.state, "id")));
    append(out.diagnostics, complete(*client, out.state));
    return out;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_linux_vmss(ContextPtr context) {
  return std::make_shared<LinuxVmss>(std::move(context));
}

}  // namespace forma::azure
