// azure_storage_account: `az storage account create -n NAME -g GROUP -l LOCATION --sku SKU --kind KIND`,
// with the primary key read through listKeys so clusters can mount its shares.
#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/storage_parent.h"

namespace forma::azure {
namespace {

class StorageAccount : public ArmResource {
 public:
  explicit StorageAccount(ContextPtr context) : ArmResource("azure_storage_account", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A storage account (az storage account create).",
            .attributes = {
                {"name", {.type = "string", .required = true, .force_new = true,
                          .description = "Globally unique: 3-24 lowercase letters and digits."}},
                {"resource_group", {.type = "string", .required = true, .force_new = true,
                                    .description = "Resource group of the account."}},
                {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                              .description = "Region; defaults to the provider's location."}},
                {"sku", {.type = "string", .optional = true, .default_value = "Standard_LRS",
                         .description = "Standard_LRS, Standard_GRS, Standard_RAGRS, Standard_ZRS, Premium_LRS…"}},
                {"kind", {.type = "string", .optional = true, .force_new = true, .default_value = "StorageV2",
                          .description = "StorageV2, Storage, BlobStorage, FileStorage, BlockBlobStorage."}},
                {"tags", {.type = "map(string)", .optional = true, .description = "Tags."}},
                {"id", {.type = "string", .computed = true, .description = "ARM id."}},
                {"primary_file_endpoint", {.type = "string", .computed = true,
                                           .description = "https://{name}.file.core.windows.net/"}},
                {"primary_blob_endpoint", {.type = "string", .computed = true,
                                           .description = "https://{name}.blob.core.windows.net/"}},
                {"primary_access_key", {.type = "string", .computed = true, .sensitive = true,
                                        .description = "key1, from listKeys."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::StorageAccount, diags);
    check_name(config, "resource_group", NameRule::ResourceGroup, diags);
    return diags;
  }

 protected:
  std::string api_version() const override { return kStorageApi; }
  bool has_location() const override { return true; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.Storage", {"storageAccounts"}); }

  Status arm_id(const json& state, std::string& id) const override {
    if (!known_string(state, "name") || !known_string(state, "resource_group"))
      return Status::error("The storage account's name or resource group is not known.");
    id = arm_resource_id(subscription(), string_at(state, "resource_group"), "Microsoft.Storage",
                         {{"storageAccounts", string_at(state, "name")}});
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    json body = {{"sku", {{"name", planned["sku"]}}}, {"kind", planned["kind"]}, {"location", planned["location"]}};
    if (planned.value("tags", json()).is_object()) body["tags"] = planned["tags"];
    return body;
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json location = body.value("location", json());
    if (same_location(known.value("location", json()), location) || location.is_null())
      location = known.value("location", json());
    json sku = body.value(json::json_pointer("/sku/name"), json());
    return {{"name", id.name()},
            {"resource_group", id.resource_group},
            {"location", location},
            {"sku", prefer_configured(known.value("sku", json()), sku)},
            {"kind", prefer_configured(known.value("kind", json()), body.value("kind", json()))},
            {"tags", observed_tags(known, body)},
            {"id", id.to_string()},
            {"primary_file_endpoint", storage_endpoint(body, id.name(), "file")},
            {"primary_blob_endpoint", storage_endpoint(body, id.name(), "blob")},
            {"primary_access_key", known.value("primary_access_key", json(""))}};
  }

  Diagnostics complete(ArmClient& client, json& state) const override {
    ArmResult keys = client.post(string_at(state, "id") + "/listKeys", kStorageApi);
    if (!keys.ok()) return {arm_failure("list the keys of", "storage account " + quote(string_at(state, "name")), *keys.error)};
    json list = keys.body.value("keys", json::array());
    if (list.is_array() && !list.empty() && list[0].value("value", json()).is_string())
      state["primary_access_key"] = list[0]["value"];
    return {};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_storage_account(ContextPtr context) {
  return std::make_shared<StorageAccount>(std::move(context));
}

}  // namespace forma::azure
