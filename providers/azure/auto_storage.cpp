#include "providers/azure/auto_storage.h"

#include <random>

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/resources.h"
#include "providers/azure/storage_parent.h"

namespace forma::azure {
namespace {

const char* api_for(const std::string& id) {
  auto parsed = parse_arm_id(id);
  return parsed && parsed->provider.empty() ? kResourcesApi : kStorageApi;
}

// PUTs `id` unless it exists; records it in `created` when forma made it.
Diagnostics ensure(ArmClient& client, const std::string& what, const std::string& id, const json& body, json& created,
                   json* existing_body = nullptr) {
  ArmResult got = client.get(id, api_for(id));
  if (got.ok() && !got.not_found()) {
    if (existing_body) *existing_body = got.body;
    return {};
  }
  if (!got.ok() && !got.not_found()) return {arm_failure("read", what, *got.error)};
  ArmResult put = client.put(id, api_for(id), body);
  if (!put.ok()) return {arm_failure("create", what, *put.error)};
  created.push_back(id);
  if (existing_body) *existing_body = put.body;
  return {};
}

}  // namespace

std::string random_auto_storage_name() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string name = "bai";
  while (name.size() < 24) name += chars[rng() % 36];
  return name;
}

Diagnostics provision_auto_storage(ArmClient& client, const std::string& subscription, const std::string& location,
                                   json& block, AutoStorageMounts& mounts) {
  const std::string group = block.value("resource_group", "batchaiautostorage");
  const std::string account = block.value("storage_account_name", "");
  const std::string share = block.value("file_share", "batchaishare");
  const std::string container = block.value("blob_container", "batchaicontainer");
  json created = json::array();
  block["created_ids"] = created;
  const std::string group_id = resource_group_id(subscription, group);
  const ArmId account_id{subscription, group, "Microsoft.Storage", {{"storageAccounts", account}}};
  block["storage_account_id"] = account_id.to_string();

  Diagnostics diags = ensure(client, "auto-storage resource group " + quote(group), group_id,
                             {{"location", location}}, created);
  json account_body;
  if (!has_errors(diags))
    diags = ensure(client, "auto-storage account " + quote(account), account_id.to_string(),
                   {{"sku", {{"name", "Standard_LRS"}}}, {"kind", "StorageV2"}, {"location", location}}, created,
                   &account_body);
  if (!has_errors(diags))
    diags = ensure(client, "auto-storage file share " + quote(share),
                   account_id.to_string() + "/fileServices/default/shares/" + share, json::object(), created);
  if (!has_errors(diags))
    diags = ensure(client, "auto-storage blob container " + quote(container),
                   account_id.to_string() + "/blobServices/default/containers/" + container,
                   {{"properties", {{"publicAccess", "None"}}}}, created);
  block["created_ids"] = created;
  if (has_errors(diags)) return diags;

  ArmResult keys = client.post(account_id.to_string() + "/listKeys", kStorageApi);
  if (!keys.ok()) return {arm_failure("list the keys of", "auto-storage account " + quote(account), *keys.error)};
  json list = keys.body.value("keys", json::array());
  mounts.account_name = account;
  mounts.account_key = list.is_array() && !list.empty() ? list[0].value("value", "") : "";
  mounts.file_url = storage_endpoint(account_body, account, "file") + share;
  mounts.share_mount_path = block.value("file_share_mount_path", "autoafs");
  mounts.container = container;
  mounts.container_mount_path = block.value("blob_container_mount_path", "autobfs");
  return {};
}

Diagnostics delete_auto_storage(ArmClient& client, const json& block) {
  Diagnostics diags;
  json created = block.is_object() ? block.value("created_ids", json::array()) : json::array();
  if (!created.is_array()) return diags;
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    if (!it->is_string()) continue;
    const std::string id = it->get<std::string>();
    auto parsed = parse_arm_id(id);
    if (parsed && parsed->provider.empty()) {
      // The group may hold other clusters' storage since: delete it only when empty.
      ArmResult inside = client.get(id + "/resources", kResourcesApi);
      if (!inside.ok() || !inside.body.value("value", json::array()).empty()) continue;
    }
    ArmResult gone = client.remove(id, api_for(id));
    if (!gone.ok()) diags.push_back(arm_failure("delete", "auto-storage " + quote(id), *gone.error));
  }
  return diags;
}

}  // namespace forma::azure
