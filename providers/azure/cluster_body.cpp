#include "providers/azure/cluster_body.h"

#include "providers/azure/cluster_schema.h"
#include "providers/azure/state_values.h"
#include "providers/azure/user_account.h"

namespace forma::azure {
namespace {


json file_share_url(const json& share) {
  if (is_set(share, "azure_file_url")) return share["azure_file_url"];
  return "https://" + share.value("account_name", std::string()) + ".file.core.windows.net/" +
         share.value("share_name", std::string());
}

json file_share_mount(const json& share) {
  return {{"accountName", share["account_name"]},
          {"azureFileUrl", file_share_url(share)},
          {"credentials", {{"accountKey", share.value("account_key", json(""))}}},
          {"relativeMountPath", share["relative_mount_path"]},
          {"fileMode", share.value("file_mode", json("0777"))},
          {"directoryMode", share.value("directory_mode", json("0777"))}};
}

json blob_container_mount(const json& container) {
  json out = {{"accountName", container["account_name"]},
              {"containerName", container["container_name"]},
              {"credentials", {{"accountKey", container.value("account_key", json(""))}}},
              {"relativeMountPath", container["relative_mount_path"]}};
  if (is_set(container, "mount_options")) out["mountOptions"] = container["mount_options"];
  return out;
}

json file_server_mount(const json& server) {
  json out = {{"fileServer", {{"id", server["file_server_id"]}}}, {"relativeMountPath", server["relative_mount_path"]}};
  if (is_set(server, "source_directory")) out["sourceDirectory"] = server["source_directory"];
  if (is_set(server, "mount_options")) out["mountOptions"] = server["mount_options"];
  return out;
}

// Appends each element of planned[key] mapped by `to_arm` to mounts[arm_key].
template <typename F>
void append_mounts(json& mounts, const char* arm_key, const json& planned, const char* key, F to_arm) {
  if (!planned.value(key, json()).is_array()) return;
  for (const auto& item : planned[key]) {
    if (!mounts.contains(arm_key) || !mounts[arm_key].is_array()) mounts[arm_key] = json::array();
    mounts[arm_key].push_back(to_arm(item));
  }
}

json mount_volumes(const json& planned, json mounts, const std::optional<AutoStorageMounts>& auto_storage) {
  if (!mounts.is_object()) mounts = json::object();
  append_mounts(mounts, "azureFileShares", planned, "azure_file_shares", file_share_mount);
  append_mounts(mounts, "azureBlobFileSystems", planned, "azure_blob_containers", blob_container_mount);
  append_mounts(mounts, "fileServers", planned, "file_servers", file_server_mount);
  if (auto_storage) {
    json share = {{"account_name", auto_storage->account_name}, {"account_key", auto_storage->account_key},
                  {"azure_file_url", auto_storage->file_url}, {"relative_mount_path", auto_storage->share_mount_path}};
    json container = {{"account_name", auto_storage->account_name}, {"account_key", auto_storage->account_key},
                      {"container_name", auto_storage->container},
                      {"relative_mount_path", auto_storage->container_mount_path}};
    append_mounts(mounts, "azureFileShares", json{{"s", json::array({share})}}, "s", file_share_mount);
    append_mounts(mounts, "azureBlobFileSystems", json{{"c", json::array({container})}}, "c", blob_container_mount);
  }
  return mounts;
}

json name_value_list(const json& map) {
  json out = json::array();
  if (map.is_object())
    for (const auto& [name, value] : map.items()) out.push_back({{"name", name}, {"value", value}});
  return out;
}

json setup_task(const json& task) {
  json out = {{"commandLine", task["command_line"]}};
  json env = name_value_list(task.value("environment_variables", json()));
  if (!env.empty()) out["environmentVariables"] = env;
  json secrets = name_value_list(task.value("secret_environment_variables", json()));
  if (!secrets.empty()) out["secrets"] = secrets;
  out["stdOutErrPathPrefix"] = task.value("std_out_err_path_prefix", json());
  return out;
}

}  // namespace

json scale_settings(const json& scale) {
  if (is_set(scale, "manual")) {
    const json& m = scale["manual"];
    return {{"manual", {{"targetNodeCount", m["target_nodes"]},
                        {"nodeDeallocationOption", m.value("deallocation_option", json("requeue"))}}}};
  }
  if (is_set(scale, "auto")) {
    const json& a = scale["auto"];
    json out = {{"minimumNodeCount", a["min_nodes"]}, {"maximumNodeCount", a["max_nodes"]}};
    if (is_set(a, "initial_nodes")) out["initialNodeCount"] = a["initial_nodes"];
    return {{"autoScale", out}};
  }
  return nullptr;
}

json image_reference_body(const json& planned) {
  if (planned.value("image", json()).is_string()) return image_alias_reference(planned["image"].get<std::string>());
  json ref = planned.value("image_reference", json());
  if (!ref.is_object()) return nullptr;
  json out = json::object();
  for (const auto& [key, arm] : {std::pair{"publisher", "publisher"}, {"offer", "offer"}, {"sku", "sku"},
                                 {"version", "version"}, {"virtual_machine_image_id", "virtualMachineImageId"}})
    if (is_set(ref, key)) out[arm] = ref[key];
  return out.empty() ? json() : out;
}

std::string default_setup_output(const json& planned) {
  json shares = planned.value("azure_file_shares", json());
  if (shares.is_array() && !shares.empty() && shares[0].value("relative_mount_path", json()).is_string())
    return "$AZ_BATCHAI_MOUNT_ROOT/" + shares[0]["relative_mount_path"].get<std::string>();
  json auto_storage = planned.value("auto_storage", json());
  if (auto_storage.is_object() && auto_storage.value("file_share_mount_path", json()).is_string())
    return "$AZ_BATCHAI_MOUNT_ROOT/" + auto_storage["file_share_mount_path"].get<std::string>();
  return {};
}

json cluster_create_body(const json& planned_in, const json& file_properties,
                         const std::optional<AutoStorageMounts>& auto_storage) {
  const json planned = without_unknowns(planned_in);  // what Azure will choose is not sent
  json p = file_properties.is_object() ? file_properties : json::object();
  p["vmSize"] = planned["vm_size"];
  if (is_set(planned, "vm_priority")) p["vmPriority"] = planned["vm_priority"];
  if (json scale = scale_settings(planned.value("scale", json())); !scale.is_null()) p["scaleSettings"] = scale;
  if (json image = image_reference_body(planned); !image.is_null())
    p["virtualMachineConfiguration"] = {{"imageReference", image}};

  json node_setup = p.value("nodeSetup", json::object());
  json mounts = mount_volumes(planned, node_setup.value("mountVolumes", json()), auto_storage);
  if (!mounts.empty()) node_setup["mountVolumes"] = mounts;
  if (is_set(planned, "setup_task")) node_setup["setupTask"] = setup_task(planned["setup_task"]);
  if (!node_setup.empty()) p["nodeSetup"] = node_setup;

  json user = p.value("userAccountSettings", json::object());
  if (planned.value("user", json()).is_object()) {
    const json mine = user_account_settings(planned["user"]);
    for (const auto& [key, value] : mine.items())
      if (!value.is_null()) user[key] = value;
  }
  p["userAccountSettings"] = user;
  if (is_set(planned, "subnet_id")) p["subnet"] = {{"id", planned["subnet_id"]}};
  return {{"properties", p}};
}

json cluster_update_body(const json& scale) { return {{"properties", {{"scaleSettings", scale_settings(scale)}}}}; }

}  // namespace forma::azure
