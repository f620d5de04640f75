#include "providers/azure/cluster_state.h"

#include "providers/azure/cluster_schema.h"
#include "providers/azure/state_values.h"
#include "providers/azure/user_account.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {


json node_counts(const json& counts) {
  auto count = [&](const char* key) { return counts.is_object() ? counts.value(key, json(0)) : json(0); };
  return {{"idle", count("idleNodeCount")},
          {"running", count("runningNodeCount")},
          {"preparing", count("preparingNodeCount")},
          {"unusable", count("unusableNodeCount")},
          {"leaving", count("leavingNodeCount")}};
}

// The image reference as recorded: the known block when Azure reports the
// same image (it adds version "latest" and may change case).
json observed_image(const json& known, const json& reported) {
  if (!reported.is_object()) return known;
  json out = {{"publisher", reported.value("publisher", json())},
              {"offer", reported.value("offer", json())},
              {"sku", reported.value("sku", json())},
              {"version", reported.value("version", json())},
              {"virtual_machine_image_id", reported.value("virtualMachineImageId", json())}};
  if (!known.is_object()) return out;
  bool same = true;
  for (const char* key : {"publisher", "offer", "sku", "virtual_machine_image_id"})
    same = same && prefer_configured(known.value(key, json()), out[key]) == known.value(key, json());
  json version = known.value("version", json());
  same = same && (version == out["version"] || (version.is_null() && out["version"] == "latest"));
  return same ? known : out;
}

// Imported clusters: the mount blocks from what Azure reports (without keys).
json imported_file_shares(const json& shares) {
  json out = json::array();
  for (const auto& s : shares.is_array() ? shares : json::array())
    out.push_back({{"account_name", s.value("accountName", json())},
                   {"account_key", nullptr},
                   {"share_name", nullptr},
                   {"azure_file_url", s.value("azureFileUrl", json())},
                   {"relative_mount_path", s.value("relativeMountPath", json())},
                   {"file_mode", s.value("fileMode", json("0777"))},
                   {"directory_mode", s.value("directoryMode", json("0777"))}});
  return out.empty() ? json() : out;
}

json imported_blob_containers(const json& containers) {
  json out = json::array();
  for (const auto& c : containers.is_array() ? containers : json::array())
    out.push_back({{"account_name", c.value("accountName", json())},
                   {"account_key", nullptr},
                   {"container_name", c.value("containerName", json())},
                   {"relative_mount_path", c.value("relativeMountPath", json())},
                   {"mount_options", c.value("mountOptions", json())}});
  return out.empty() ? json() : out;
}

json imported_file_servers(const json& servers) {
  json out = json::array();
  for (const auto& s : servers.is_array() ? servers : json::array())
    out.push_back({{"file_server_id", value_at(s, "/fileServer/id")},
                   {"relative_mount_path", s.value("relativeMountPath", json())},
                   {"source_directory", s.value("sourceDirectory", json())},
                   {"mount_options", s.value("mountOptions", json())}});
  return out.empty() ? json() : out;
}

json name_value_map(const json& list) {
  json out = json::object();
  for (const auto& e : list.is_array() ? list : json::array())
    if (e.value("name", json()).is_string()) out[e["name"].get<std::string>()] = e.value("value", json(""));
  return out.empty() ? json() : out;
}

json imported_setup_task(const json& task) {
  if (!task.is_object()) return nullptr;
  return {{"command_line", task.value("commandLine", json())},
          {"environment_variables", name_value_map(task.value("environmentVariables", json()))},
          {"secret_environment_variables", nullptr},
          {"std_out_err_path_prefix", task.value("stdOutErrPathPrefix", json())}};
}

// What only forma knows (or, on import, what Azure's body says about it).
void add_configured_parts(json& state, const json& known, const json& props, bool imported) {
  json mounts = value_at(props, "/nodeSetup/mountVolumes");
  state["image"] = known.value("image", json()).is_string()
                       ? known["image"]
                       : image_alias_of(value_at(props, "/virtualMachineConfiguration/imageReference"));
  state["generate_ssh_keys"] = known.value("generate_ssh_keys", json(false));
  state["auto_storage"] = known.value("auto_storage", json());
  state["config_file"] = known.value("config_file", json());
  state["config_file_sha256"] = known.value("config_file_sha256", json());
  state["location"] = known.value("location", json());
  if (imported) {
    state["azure_file_shares"] = imported_file_shares(value_at(mounts, "/azureFileShares"));
    state["azure_blob_containers"] = imported_blob_containers(value_at(mounts, "/azureBlobFileSystems"));
    state["file_servers"] = imported_file_servers(value_at(mounts, "/fileServers"));
    state["setup_task"] = imported_setup_task(value_at(props, "/nodeSetup/setupTask"));
  } else {
    for (const char* key : {"azure_file_shares", "azure_blob_containers", "file_servers", "setup_task"})
      state[key] = known.value(key, json());
  }
}

}  // namespace

json scale_from_settings(const json& settings, const json& known_scale) {
  if (!settings.is_object()) return known_scale;
  if (settings.value("manual", json()).is_object()) {
    const json& m = settings["manual"];
    return {{"manual", {{"target_nodes", m.value("targetNodeCount", json(0))},
                        {"deallocation_option", m.value("nodeDeallocationOption", json("requeue"))}}},
            {"auto", nullptr}};
  }
  if (settings.value("autoScale", json()).is_object()) {
    const json& a = settings["autoScale"];
    json initial = value_at(known_scale, "/auto/initial_nodes");
    if (!value_at(known_scale, "/auto").is_object()) initial = a.value("initialNodeCount", json());
    return {{"manual", nullptr},
            {"auto", {{"min_nodes", a.value("minimumNodeCount", json(0))},
                      {"max_nodes", a.value("maximumNodeCount", json(0))},
                      {"initial_nodes", initial}}}};
  }
  return known_scale;
}

json cluster_errors(const json& body) {
  json out = json::array();
  for (const auto& e : value_at(body, "/properties/errors").is_array() ? value_at(body, "/properties/errors") : json::array())
    out.push_back({{"code", e.value("code", json(""))}, {"message", e.value("message", json(""))}});
  return out;
}

json cluster_state(const json& known_in, const ArmId& id, const json& body) {
  const json known = known_in.is_object() ? without_unknowns(known_in) : json::object();
  const bool imported = !known.contains("vm_size");
  const json props = value_at(body, "/properties");
  json state = {{"name", id.name()}, {"id", id.to_string()}};
  record_workspace(state, id.parent(), known);
  state["vm_size"] = prefer_configured(known.value("vm_size", json()), props.value("vmSize", json()));
  state["vm_priority"] = prefer_configured(known.value("vm_priority", json()), props.value("vmPriority", json()));
  state["image_reference"] =
      observed_image(known.value("image_reference", json()), value_at(props, "/virtualMachineConfiguration/imageReference"));
  state["scale"] = scale_from_settings(props.value("scaleSettings", json()), known.value("scale", json()));
  state["user"] = observed_user(known.value("user", json()), props.value("userAccountSettings", json::object()));
  json subnet = value_at(props, "/subnet/id");
  state["subnet_id"] = subnet.is_null() ? known.value("subnet_id", json())
                                        : prefer_configured(known.value("subnet_id", json()), subnet);
  add_configured_parts(state, known, props, imported);
  state["provisioning_state"] = props.value("provisioningState", json(""));
  state["allocation_state"] = props.value("allocationState", json(""));
  state["current_node_count"] = props.value("currentNodeCount", json(0));
  state["node_state_counts"] = node_counts(props.value("nodeStateCounts", json()));
  state["errors"] = cluster_errors(body);
  // Listed by a separate call (cluster_nodes.h); until then, the last list known.
  state["nodes"] = known.value("nodes", json()).is_array() ? known["nodes"] : json::array();
  return state;
}

}  // namespace forma::azure
