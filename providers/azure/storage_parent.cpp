#include "providers/azure/storage_parent.h"

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"

namespace forma::azure {

sdk::Attributes storage_parent_attributes() {
  return {
      {"storage_account_id", {.type = "string", .optional = true, .computed = true, .force_new = true,
                              .description = "ARM id of the storage account (or give storage_account_name and "
                                             "resource_group)."}},
      {"storage_account_name", {.type = "string", .optional = true, .computed = true, .force_new = true,
                                .description = "Name of the storage account."}},
      {"resource_group", {.type = "string", .optional = true, .computed = true, .force_new = true,
                          .description = "Resource group of the storage account."}},
  };
}

void check_storage_parent_args(const json& config, Diagnostics& diags) {
  auto set = [&](const char* k) { return config.contains(k) && !config[k].is_null(); };
  bool by_id = set("storage_account_id");
  bool by_name = set("storage_account_name") || set("resource_group");
  if (by_id && by_name)
    diags.push_back(Diagnostic::error("Give storage_account_id or storage_account_name and resource_group, not both",
                                      "", {}, "/storage_account_id"));
  else if (!by_id && !(set("storage_account_name") && set("resource_group")))
    diags.push_back(Diagnostic::error("Missing storage account",
                                      "Set storage_account_id (e.g. \"${azure_storage_account.data.id}\") or both "
                                      "storage_account_name and resource_group.",
                                      {}, ""));
  if (by_id && config["storage_account_id"].is_string()) {
    auto id = parse_arm_id(config["storage_account_id"].get<std::string>());
    if (!id || !id->is("Microsoft.Storage", {"storageAccounts"}))
      diags.push_back(Diagnostic::error("storage_account_id is not the ARM id of a storage account",
                                        "Got " + quote(config["storage_account_id"].get<std::string>()) + ".", {},
                                        "/storage_account_id"));
  }
  check_name(config, "storage_account_name", NameRule::StorageAccount, diags);
}

Status storage_account_of(const json& state, const std::string& subscription, ArmId& account) {
  if (known_string(state, "storage_account_id")) {
    auto id = parse_arm_id(string_at(state, "storage_account_id"));
    if (!id || !id->is("Microsoft.Storage", {"storageAccounts"}))
      return Status::error("storage_account_id is not a storage account id.");
    account = *id;
    return Status::ok();
  }
  if (known_string(state, "storage_account_name") && known_string(state, "resource_group")) {
    account = ArmId{subscription, string_at(state, "resource_group"), "Microsoft.Storage",
                    {{"storageAccounts", string_at(state, "storage_account_name")}}};
    return Status::ok();
  }
  return Status::error("The storage account is not known yet.");
}

void record_storage_account(json& state, const ArmId& account, const json& known) {
  std::string id = account.to_string();
  state["storage_account_id"] =
      iequals(string_at(known, "storage_account_id"), id) ? string_at(known, "storage_account_id") : id;
  state["storage_account_name"] = account.name();
  state["resource_group"] = account.resource_group;
}

void plan_storage_account(json& planned, const std::string& subscription) {
  ArmId account;
  if (planned.is_object() && storage_account_of(planned, subscription, account))
    record_storage_account(planned, account, planned);
}

std::string storage_endpoint(const json& account_body, const std::string& account, const std::string& service) {
  json endpoint = account_body.is_object() ? account_body.value(json::json_pointer("/properties/primaryEndpoints"), json())
                                           : json();
  if (endpoint.is_object() && endpoint.value(service, json()).is_string()) {
    std::string url = endpoint[service].get<std::string>();
    if (!url.empty() && url.back() != '/') url += '/';
    return url;
  }
  return "https://" + account + "." + service + ".core.windows.net/";
}

std::string fetch_storage_endpoint(ArmClient& client, const ArmId& account, const std::string& service) {
  ArmResult got = client.get(account.to_string(), kStorageApi);
  return storage_endpoint(got.ok() ? got.body : json(), account.name(), service);
}

}  // namespace forma::azure

namespace forma::azure {

Diagnostics find_storage_account_key(ArmClient& client, const std::string& subscription, const std::string& account,
                                     std::string& key) {
  ArmResult list = client.get("/subscriptions/" + subscription + "/providers/Microsoft.Storage/storageAccounts",
                              kStorageApi);
  if (!list.ok()) return {arm_failure("list the storage accounts of", "subscription " + subscription, *list.error)};
  for (const auto& a : list.body.value("value", json::array())) {
    if (!iequals(a.value("name", ""), account)) continue;
    ArmResult keys = client.post(a.value("id", "") + "/listKeys", kStorageApi);
    if (!keys.ok()) return {arm_failure("list the keys of", "storage account " + quote(account), *keys.error)};
    json k = keys.body.value("keys", json::array());
    key = k.is_array() && !k.empty() ? k[0].value("value", "") : "";
    return {};
  }
  return {Diagnostic::error("Storage account " + quote(account) + " is not in subscription " + subscription,
                            "Give account_key for an account in another subscription, or fix account_name.")};
}

}  // namespace forma::azure
