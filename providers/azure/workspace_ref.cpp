#include "providers/azure/workspace_ref.h"

#include "engine/base/text.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"

namespace forma::azure {

sdk::Attributes workspace_attributes() {
  return {
      {"workspace_id", {.type = "string", .optional = true, .computed = true, .force_new = true,
                        .description = "ARM id of the Batch AI workspace (or give resource_group and workspace_name)."}},
      {"resource_group", {.type = "string", .optional = true, .computed = true, .force_new = true,
                          .description = "Resource group of the workspace."}},
      {"workspace_name", {.type = "string", .optional = true, .computed = true, .force_new = true,
                          .description = "Name of the workspace."}},
  };
}

void check_workspace_args(const json& config, Diagnostics& diags) {
  bool by_id = config.contains("workspace_id") && !config["workspace_id"].is_null();
  bool by_name = (config.contains("resource_group") && !config["resource_group"].is_null()) ||
                 (config.contains("workspace_name") && !config["workspace_name"].is_null());
  if (by_id && by_name) {
    diags.push_back(Diagnostic::error("Give workspace_id or resource_group and workspace_name, not both", "", {},
                                      "/workspace_id"));
  } else if (!by_id && !by_name) {
    diags.push_back(Diagnostic::error("Missing workspace",
                                      "Set workspace_id (e.g. \"${azure_batchai_workspace.ws.id}\") or "
                                      "resource_group and workspace_name.",
                                      {}, ""));
  } else if (by_name && !(config.contains("resource_group") && config.contains("workspace_name"))) {
    diags.push_back(Diagnostic::error("resource_group and workspace_name go together",
                                      "Set both, or set workspace_id instead.", {}, ""));
  }
  if (by_id && config["workspace_id"].is_string()) {
    auto id = parse_arm_id(config["workspace_id"].get<std::string>());
    if (!id || !id->is("Microsoft.BatchAI", {"workspaces"}))
      diags.push_back(Diagnostic::error("workspace_id is not the ARM id of a Batch AI workspace",
                                        "Expected /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.BatchAI/"
                                        "workspaces/{name}; got " + quote(config["workspace_id"].get<std::string>()) + ".",
                                        {}, "/workspace_id"));
  }
  check_name(config, "workspace_name", NameRule::BatchAI, diags);
}

Status workspace_of(const json& state, const std::string& subscription, ArmId& workspace) {
  if (known_string(state, "workspace_id")) {
    auto id = parse_arm_id(string_at(state, "workspace_id"));
    if (!id || !id->is("Microsoft.BatchAI", {"workspaces"}))
      return Status::error("workspace_id " + quote(string_at(state, "workspace_id")) + " is not a workspace id.");
    workspace = *id;
    return Status::ok();
  }
  if (known_string(state, "resource_group") && known_string(state, "workspace_name")) {
    workspace = ArmId{subscription, string_at(state, "resource_group"), "Microsoft.BatchAI",
                      {{"workspaces", string_at(state, "workspace_name")}}};
    return Status::ok();
  }
  return Status::error("The workspace is not known yet.");
}

void record_workspace(json& state, const ArmId& workspace, const json& known) {
  std::string id = workspace.to_string();
  state["workspace_id"] = iequals(string_at(known, "workspace_id"), id) ? string_at(known, "workspace_id") : id;
  state["resource_group"] = workspace.resource_group;
  state["workspace_name"] = workspace.name();
}

void plan_workspace(json& planned, const std::string& subscription) {
  ArmId ws;
  if (planned.is_object() && workspace_of(planned, subscription, ws)) record_workspace(planned, ws, planned);
}

}  // namespace forma::azure
