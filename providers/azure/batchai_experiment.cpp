// azure_batchai_experiment: `az batchai experiment create -g GROUP -w WORKSPACE -n NAME`.
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {

class Experiment : public ArmResource {
 public:
  explicit Experiment(ContextPtr context) : ArmResource("azure_batchai_experiment", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = workspace_attributes();
    attrs["name"] = {.type = "string", .required = true, .force_new = true, .description = "Experiment name."};
    attrs["id"] = {.type = "string", .computed = true, .description = "ARM id."};
    return {.version = 0, .description = "A Batch AI experiment: a container of jobs.", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::BatchAI, diags);
    check_workspace_args(config, diags);
    return diags;
  }

  void customize_plan(const sdk::PlanRequest&, sdk::PlannedChange& change) const override {
    plan_workspace(change.planned_state, subscription());
  }

 protected:
  std::string api_version() const override { return kBatchAIApi; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.BatchAI", {"workspaces", "experiments"}); }

  Status arm_id(const json& state, std::string& id) const override {
    ArmId ws;
    if (Status st = workspace_of(state, subscription(), ws); !st) return st;
    if (!known_string(state, "name")) return Status::error("The experiment's name is not known.");
    ws.children.emplace_back("experiments", string_at(state, "name"));
    id = ws.to_string();
    return Status::ok();
  }

  json request_body(const json&) const override { return {{"properties", json::object()}}; }

  json to_state(const json& known, const ArmId& id, const json&) const override {
    json state = {{"name", id.name()}, {"id", id.to_string()}};
    record_workspace(state, id.parent(), known);
    return state;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_batchai_experiment(ContextPtr context) {
  return std::make_shared<Experiment>(std::move(context));
}

}  // namespace forma::azure
