// azure_batchai_workspace: `az batchai workspace create -g GROUP -n NAME -l LOCATION`.
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

class Workspace : public ArmResource {
 public:
  explicit Workspace(ContextPtr context) : ArmResource("azure_batchai_workspace", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A Batch AI workspace: the container of clusters, file servers and experiments.",
            .attributes = {
                {"name", {.type = "string", .required = true, .force_new = true, .description = "Workspace name."}},
                {"resource_group", {.type = "string", .required = true, .force_new = true,
                                    .description = "Resource group of the workspace."}},
                {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                              .description = "Region; defaults to the provider's location."}},
                {"tags", {.type = "map(string)", .optional = true, .description = "Tags."}},
                {"id", {.type = "string", .computed = true, .description = "ARM id."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::BatchAI, diags);
    check_name(config, "resource_group", NameRule::ResourceGroup, diags);
    return diags;
  }

 protected:
  std::string api_version() const override { return kBatchAIApi; }
  bool has_location() const override { return true; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.BatchAI", {"workspaces"}); }

  Status arm_id(const json& state, std::string& id) const override {
    if (!known_string(state, "name") || !known_string(state, "resource_group"))
      return Status::error("The workspace's name or resource group is not known.");
    id = arm_resource_id(subscription(), string_at(state, "resource_group"), "Microsoft.BatchAI",
                         {{"workspaces", string_at(state, "name")}});
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    json body = {{"location", planned["location"]}};
    if (planned.value("tags", json()).is_object()) body["tags"] = planned["tags"];
    return body;
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json location = body.value("location", json());
    if (same_location(known.value("location", json()), location) || location.is_null())
      location = known.value("location", json());
    return {{"name", id.name()},
            {"resource_group", id.resource_group},
            {"location", location},
            {"tags", observed_tags(known, body)},
            {"id", id.to_string()}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_batchai_workspace(ContextPtr context) {
  return std::make_shared<Workspace>(std::move(context));
}

}  // namespace forma::azure
