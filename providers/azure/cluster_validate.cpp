#include "providers/azure/cluster_validate.h"

#include <optional>

#include "engine/base/text.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/cluster_config_file.h"
#include "providers/azure/cluster_schema.h"
#include "providers/azure/names.h"
#include "providers/azure/state_values.h"
#include "providers/azure/user_account.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {

bool known(const json& obj, const char* key) { return is_set(obj, key) && !is_unknown(obj[key]); }

Diagnostic error_at(const std::string& pointer, const std::string& summary, const std::string& detail = {}) {
  return Diagnostic::error(summary, detail, {}, pointer);
}

void check_enum(const json& obj, const char* key, const std::vector<std::string>& allowed, const std::string& pointer,
                Diagnostics& diags) {
  if (!known(obj, key) || !obj[key].is_string()) return;
  for (const auto& a : allowed)
    if (obj[key] == a) return;
  diags.push_back(error_at(pointer, "Invalid " + std::string(key) + " " + obj[key].dump(),
                           "Allowed values: " + [&] {
                             std::string s;
                             for (const auto& a : allowed) s += (s.empty() ? "" : ", ") + quote(a);
                             return s;
                           }() + "." + did_you_mean(obj[key].get<std::string>(), allowed)));
}

void check_scale(const json& config, bool from_file, Diagnostics& diags) {
  json scale = config.value("scale", json());
  if (is_unknown(scale)) return;
  if (!scale.is_object()) {
    if (!from_file)
      diags.push_back(error_at("", "Missing scale",
                               "Set scale = {\"manual\": {\"target_nodes\": N}} or {\"auto\": {\"min_nodes\": …, "
                               "\"max_nodes\": …}} (or give them in config_file)."));
    return;
  }
  bool manual = is_set(scale, "manual"), autoscale = is_set(scale, "auto");
  if (manual == autoscale) {
    diags.push_back(error_at("/scale", manual ? "scale has both manual and auto" : "scale has neither manual nor auto",
                             "Give exactly one of scale.manual (a fixed size) and scale.auto (min and max)."));
    return;
  }
  if (manual) {
    const json& m = scale["manual"];
    if (known(m, "target_nodes") && m["target_nodes"].is_number() && m["target_nodes"].get<double>() < 0)
      diags.push_back(error_at("/scale/manual/target_nodes", "target_nodes must not be negative"));
    check_enum(m, "deallocation_option", {"requeue", "terminate", "waitforjobcompletion"},
               "/scale/manual/deallocation_option", diags);
    return;
  }
  const json& a = scale["auto"];
  auto num = [&](const char* key) { return known(a, key) && a[key].is_number() ? a[key].get<double>() : -1.0; };
  double min = num("min_nodes"), max = num("max_nodes"), initial = num("initial_nodes");
  if (known(a, "min_nodes") && min < 0) diags.push_back(error_at("/scale/auto/min_nodes", "min_nodes must not be negative"));
  if (min >= 0 && max >= 0 && min > max)
    diags.push_back(error_at("/scale/auto/max_nodes", "max_nodes is smaller than min_nodes",
                             "Auto-scale needs min_nodes <= initial_nodes <= max_nodes."));
  if (initial >= 0 && ((min >= 0 && initial < min) || (max >= 0 && initial > max)))
    diags.push_back(error_at("/scale/auto/initial_nodes", "initial_nodes is outside min_nodes..max_nodes",
                             "Auto-scale needs min_nodes <= initial_nodes <= max_nodes."));
}

void check_image(const json& config, Diagnostics& diags) {
  if (is_set(config, "image") && is_set(config, "image_reference"))
    diags.push_back(error_at("/image", "Give image or image_reference, not both"));
  if (known(config, "image") && config["image"].is_string() &&
      image_alias_reference(config["image"].get<std::string>()).is_null())
    diags.push_back(error_at("/image", "Unknown image " + config["image"].dump(),
                             "Use UbuntuLTS, UbuntuDSVM or \"publisher:offer:sku:version\", or an image_reference "
                             "block." + did_you_mean(config["image"].get<std::string>(), {"UbuntuLTS", "UbuntuDSVM"})));
  json ref = config.value("image_reference", json());
  if (ref.is_object() && !is_unknown(ref))
    for (const char* key : {"publisher", "offer", "sku"})
      if (!is_set(ref, key))
        diags.push_back(error_at("/image_reference", "image_reference needs publisher, offer and sku",
                                 "A custom image (virtual_machine_image_id) also names the image it derives from."));
}

void check_ids(const json& config, Diagnostics& diags) {
  json servers = config.value("file_servers", json());
  if (servers.is_array())
    for (size_t i = 0; i < servers.size(); ++i) {
      if (!known(servers[i], "file_server_id")) continue;
      auto id = parse_arm_id(servers[i]["file_server_id"].get<std::string>());
      if (!id || !id->is("Microsoft.BatchAI", {"workspaces", "fileservers"}))
        diags.push_back(error_at("/file_servers/" + std::to_string(i) + "/file_server_id",
                                 "file_server_id is not the ARM id of a Batch AI file server",
                                 "Use \"${azure_batchai_file_server.NAME.id}\"."));
    }
  if (known(config, "subnet_id")) {
    auto id = parse_arm_id(config["subnet_id"].get<std::string>());
    if (!id || !id->is("Microsoft.Network", {"virtualNetworks", "subnets"}))
      diags.push_back(error_at("/subnet_id", "subnet_id is not the ARM id of a virtual network subnet",
                               "Expected /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/"
                               "virtualNetworks/{vnet}/subnets/{subnet}."));
  }
}

void check_mounts(const json& config, Diagnostics& diags) {
  json shares = config.value("azure_file_shares", json());
  if (shares.is_array())
    for (size_t i = 0; i < shares.size(); ++i)
      if (is_set(shares[i], "share_name") == is_set(shares[i], "azure_file_url"))
        diags.push_back(error_at("/azure_file_shares/" + std::to_string(i), "Give share_name or azure_file_url",
                                 "Exactly one of the two names the share to mount."));
  json block = config.value("auto_storage", json());
  if (block.is_object()) check_name(block, "storage_account_name", NameRule::StorageAccount, diags);
}

// The relative mount paths the config mounts, or nullopt when some are not known yet.
std::optional<std::vector<std::string>> mount_paths(const json& config) {
  std::vector<std::string> paths;
  for (const char* list : {"azure_file_shares", "azure_blob_containers", "file_servers"}) {
    json items = config.value(list, json());
    if (is_unknown(items)) return std::nullopt;
    for (const auto& item : items.is_array() ? items : json::array()) {
      json path = item.is_object() ? item.value("relative_mount_path", json()) : json();
      if (!path.is_string()) return std::nullopt;
      paths.push_back(path.get<std::string>());
    }
  }
  json block = config.value("auto_storage", json());
  if (is_unknown(block)) return std::nullopt;
  if (block.is_object()) {
    for (const auto& [key, fallback] : {std::pair{"file_share_mount_path", "autoafs"}, {"blob_container_mount_path", "autobfs"}}) {
      json path = block.value(key, json(fallback));
      if (!path.is_string()) return std::nullopt;
      paths.push_back(path.get<std::string>());
    }
  }
  return paths;
}

// A warning when the setup task writes under the mount root but not on a mount forma configures.
void check_output_mount(const json& config, const std::string& prefix, Diagnostics& diags) {
  auto paths = mount_paths(config);
  if (!paths) return;
  std::string rest = prefix.substr(prefix.find('/') == std::string::npos ? prefix.size() : prefix.find('/') + 1);
  std::string first = rest.substr(0, rest.find('/'));
  for (const auto& p : *paths)
    if (p == first) return;
  std::string list;
  for (const auto& p : *paths) list += (list.empty() ? "" : ", ") + p;
  diags.push_back(Diagnostic::warning(
      "The setup task's output " + quote(prefix) + " is not on a file system this cluster mounts",
      (paths->empty() ? std::string("The cluster mounts nothing") : "Its mounts are " + list) +
          "; the output will be lost with the node unless it goes to one of them.",
      {}, "/setup_task/std_out_err_path_prefix"));
}

void check_setup_task(const json& config, bool from_file, Diagnostics& diags) {
  json task = config.value("setup_task", json());
  if (!task.is_object() || is_unknown(task)) return;
  if (known(task, "std_out_err_path_prefix")) {
    const std::string prefix = task["std_out_err_path_prefix"].get<std::string>();
    if (prefix.rfind("$AZ_BATCHAI_MOUNT_ROOT", 0) != 0 && prefix.rfind("${AZ_BATCHAI_MOUNT_ROOT}", 0) != 0)
      diags.push_back(error_at("/setup_task/std_out_err_path_prefix",
                               "The setup task's output must go under $AZ_BATCHAI_MOUNT_ROOT",
                               "Use a mounted file share, e.g. \"$AZ_BATCHAI_MOUNT_ROOT/afs\"."));
    else if (!from_file)
      check_output_mount(config, prefix, diags);
    return;
  }
  bool has_share = (config.value("azure_file_shares", json()).is_array() && !config["azure_file_shares"].empty()) ||
                   is_set(config, "auto_storage") || is_unknown(config.value("azure_file_shares", json()));
  if (!has_share && !from_file)
    diags.push_back(error_at("/setup_task", "setup_task needs std_out_err_path_prefix",
                             "Without a mounted file share there is no default place for the setup task's output: "
                             "set std_out_err_path_prefix (--setup-task-output)."));
}

}  // namespace

Diagnostics validate_cluster_config(const json& config, const EnvLookup& env) {
  Diagnostics diags;
  check_name(config, "name", NameRule::BatchAI, diags);
  check_workspace_args(config, diags);
  check_enum(config, "vm_priority", {"dedicated", "lowpriority"}, "/vm_priority", diags);
  bool from_file = is_set(config, "config_file");
  ClusterFile file;
  if (known(config, "config_file")) append(diags, load_cluster_file(config["config_file"].get<std::string>(), env, file));
  bool file_user = file.properties.contains("userAccountSettings");
  bool file_scale = file.properties.contains("scaleSettings") || (from_file && !known(config, "config_file"));
  check_scale(config, file_scale, diags);
  check_image(config, diags);
  check_user(config, env, file_user, diags);
  check_ids(config, diags);
  check_mounts(config, diags);
  check_setup_task(config, from_file, diags);
  return diags;
}

}  // namespace forma::azure
