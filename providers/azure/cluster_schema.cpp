#include "providers/azure/cluster_schema.h"

#include "providers/azure/cluster_nodes.h"

#include "providers/azure/arm_id.h"
#include "providers/azure/user_account.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {

using sdk::Attribute;
using sdk::computed_attribute;
using sdk::Attributes;

Attribute scale_block() {
  return {.type = "object", .optional = true, .computed = true,
          .description = "Exactly one of manual or auto. Changing it resizes the cluster in place (PATCH).",
          .attributes = {
              {"manual", {.type = "object", .optional = true, .description = "Fixed size (-t).",
                          .attributes = {
                              {"target_nodes", {.type = "number", .required = true,
                                                .description = "Nodes to allocate (--target)."}},
                              {"deallocation_option", {.type = "string", .optional = true, .default_value = "requeue",
                                                       .description = "requeue, terminate or waitforjobcompletion: "
                                                                      "what happens to running jobs on shrink."}},
                          }}},
              {"auto", {.type = "object", .optional = true, .description = "Auto-scale between min and max (--min/--max).",
                        .attributes = {
                            {"min_nodes", {.type = "number", .required = true, .description = "--min"}},
                            {"max_nodes", {.type = "number", .required = true, .description = "--max"}},
                            {"initial_nodes", {.type = "number", .optional = true,
                                               .description = "Nodes allocated at creation (--target)."}},
                        }}},
          }};
}

Attribute auto_storage_block() {
  return {.type = "object", .optional = true, .force_new = true,
          .description = "--use-auto-storage: create a storage account with a share and a container and mount both.",
          .attributes = {
              {"storage_account_name", {.type = "string", .optional = true, .computed = true,
                                        .description = "Default: \"bai\" + random characters."}},
              {"resource_group", {.type = "string", .optional = true, .default_value = "batchaiautostorage"}},
              {"file_share", {.type = "string", .optional = true, .default_value = "batchaishare"}},
              {"blob_container", {.type = "string", .optional = true, .default_value = "batchaicontainer"}},
              {"file_share_mount_path", {.type = "string", .optional = true, .default_value = "autoafs"}},
              {"blob_container_mount_path", {.type = "string", .optional = true, .default_value = "autobfs"}},
              {"storage_account_id", computed_attribute("string", "ARM id of the storage account used.")},
              {"created_ids", computed_attribute("list(string)", "What forma created for it (deleted with the cluster).")},
          }};
}

Attribute file_shares_block() {
  return {.type = "list(object)", .optional = true, .force_new = true,
          .description = "Azure File shares to mount (--afs-name, --afs-mount-path).",
          .attributes = {
              {"account_name", {.type = "string", .required = true, .description = "--storage-account-name"}},
              {"account_key", {.type = "string", .optional = true, .sensitive = true,
                               .description = "--storage-account-key; looked up with listKeys when unset."}},
              {"share_name", {.type = "string", .optional = true, .description = "--afs-name"}},
              {"azure_file_url", {.type = "string", .optional = true,
                                  .description = "Full URL instead of share_name."}},
              {"relative_mount_path", {.type = "string", .required = true,
                                       .description = "Mounted at $AZ_BATCHAI_MOUNT_ROOT/<path> (--afs-mount-path)."}},
              {"file_mode", {.type = "string", .optional = true, .default_value = "0777"}},
              {"directory_mode", {.type = "string", .optional = true, .default_value = "0777"}},
          }};
}

Attribute blob_containers_block() {
  return {.type = "list(object)", .optional = true, .force_new = true,
          .description = "Blob containers to mount with blobfuse (--bfs-name, --bfs-mount-path).",
          .attributes = {
              {"account_name", {.type = "string", .required = true}},
              {"account_key", {.type = "string", .optional = true, .sensitive = true,
                               .description = "Looked up with listKeys when unset."}},
              {"container_name", {.type = "string", .required = true, .description = "--bfs-name"}},
              {"relative_mount_path", {.type = "string", .required = true, .description = "--bfs-mount-path"}},
              {"mount_options", {.type = "string", .optional = true, .description = "blobfuse options."}},
          }};
}

Attribute file_servers_block() {
  return {.type = "list(object)", .optional = true, .force_new = true,
          .description = "Batch AI file servers (NFS) to mount (--nfs, --nfs-mount-path).",
          .attributes = {
              {"file_server_id", {.type = "string", .required = true}},
              {"relative_mount_path", {.type = "string", .required = true}},
              {"source_directory", {.type = "string", .optional = true}},
              {"mount_options", {.type = "string", .optional = true}},
          }};
}

Attribute setup_task_block() {
  return {.type = "object", .optional = true, .force_new = true,
          .description = "Command run on every node when it is allocated or rebooted (--setup-task).",
          .attributes = {
              {"command_line", {.type = "string", .required = true}},
              {"environment_variables", {.type = "map(string)", .optional = true}},
              {"secret_environment_variables", {.type = "map(string)", .optional = true, .sensitive = true,
                                                .description = "Never reported back by Azure."}},
              {"std_out_err_path_prefix", {.type = "string", .optional = true, .computed = true,
                                           .description = "--setup-task-output; default "
                                                          "$AZ_BATCHAI_MOUNT_ROOT/<first file share mount>."}},
          }};
}

Attribute image_reference_block() {
  return {.type = "object", .optional = true, .computed = true, .force_new = true,
          .description = "Marketplace image (--image publisher:offer:sku:version) or custom image (--custom-image).",
          .attributes = {
              {"publisher", {.type = "string", .optional = true}},
              {"offer", {.type = "string", .optional = true}},
              {"sku", {.type = "string", .optional = true}},
              {"version", {.type = "string", .optional = true}},
              {"virtual_machine_image_id", {.type = "string", .optional = true}},
          }};
}

Attribute node_state_counts() {
  return {.type = "object", .computed = true,
          .description = "Nodes per state; changes by itself in Azure and is never a diff.",
          .attributes = {
              {"idle", computed_attribute("number", "")},
              {"running", computed_attribute("number", "")},
              {"preparing", computed_attribute("number", "")},
              {"unusable", computed_attribute("number", "")},
              {"leaving", computed_attribute("number", "")},
          }};
}

}  // namespace

json image_alias_reference(const std::string& image) {
  if (iequals(image, "UbuntuLTS")) return {{"publisher", "Canonical"}, {"offer", "UbuntuServer"}, {"sku", "16.04-LTS"}};
  if (iequals(image, "UbuntuDSVM"))
    return {{"publisher", "microsoft-ads"}, {"offer", "linux-data-science-vm-ubuntu"}, {"sku", "linuxdsvmubuntu"}};
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= image.size(); ++i) {
    if (i == image.size() || image[i] == ':') {
      parts.push_back(image.substr(start, i - start));
      start = i + 1;
    }
  }
  if ((parts.size() != 3 && parts.size() != 4) || parts[0].empty() || parts[1].empty() || parts[2].empty())
    return nullptr;
  json ref = {{"publisher", parts[0]}, {"offer", parts[1]}, {"sku", parts[2]}};
  if (parts.size() == 4 && !parts[3].empty()) ref["version"] = parts[3];
  return ref;
}

json image_alias_of(const json& reference) {
  if (!reference.is_object()) return nullptr;
  for (const char* alias : {"UbuntuLTS", "UbuntuDSVM"}) {
    json want = image_alias_reference(alias);
    bool same = true;
    for (const char* key : {"publisher", "offer", "sku"})
      same = same && reference.value(key, json()).is_string() &&
             iequals(reference[key].get<std::string>(), want[key].get<std::string>());
    if (same && reference.value("virtualMachineImageId", json()).is_null()) return alias;
  }
  return nullptr;
}

sdk::Attributes cluster_attributes() {
  Attributes attrs = workspace_attributes();
  attrs.insert({
      {"name", {.type = "string", .required = true, .force_new = true, .description = "Cluster name (-n)."}},
      {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                    .description = "The workspace's region; where auto-storage is created."}},
      {"vm_size", {.type = "string", .required = true, .force_new = true, .description = "-s, e.g. Standard_NC6."}},
      {"vm_priority", {.type = "string", .optional = true, .computed = true, .force_new = true,
                       .description = "dedicated (default) or lowpriority."}},
      {"image", {.type = "string", .optional = true, .computed = true, .force_new = true,
                 .description = "-i: UbuntuLTS, UbuntuDSVM or publisher:offer:sku:version; when unset, the "
                                "alias of the image Azure reports (or null)."}},
      {"image_reference", image_reference_block()},
      {"scale", scale_block()},
      {"user", user_block_attribute()},
      {"generate_ssh_keys", generate_ssh_keys_attribute()},
      {"auto_storage", auto_storage_block()},
      {"azure_file_shares", file_shares_block()},
      {"azure_blob_containers", blob_containers_block()},
      {"file_servers", file_servers_block()},
      {"setup_task", setup_task_block()},
      {"subnet_id", {.type = "string", .optional = true, .computed = true, .force_new = true,
                     .description = "--subnet: ARM id of a virtual network subnet."}},
      {"config_file", {.type = "string", .optional = true, .force_new = true,
                       .description = "-f: a cluster.json (ClusterCreateParameters); arguments override it."}},
      {"config_file_sha256", computed_attribute("string", "Hash of config_file's content; a change replaces the cluster.")},
      {"id", computed_attribute("string", "ARM id.")},
      {"provisioning_state", computed_attribute("string", "creating, succeeded, failed or deleting.")},
      {"allocation_state", computed_attribute("string", "steady or resizing; never a diff.")},
      {"current_node_count", computed_attribute("number", "Nodes allocated now; never a diff.")},
      {"node_state_counts", node_state_counts()},
      {"nodes", nodes_attribute("One {node_id, ip_address, port, state} per node (listRemoteLoginInformation); "
                                "changes by itself and is never a diff.")},
      {"errors", {.type = "list(object)", .computed = true,
                  .description = "Errors Azure reports for the cluster (e.g. quota).",
                  .attributes = {{"code", computed_attribute("string", "")}, {"message", computed_attribute("string", "")}}}},
  });
  return attrs;
}

}  // namespace forma::azure
