// azure_storage_blob_container: a blob container (`az storage container create`), made through ARM.
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/storage_parent.h"

namespace forma::azure {
namespace {

class BlobContainer : public ArmResource {
 public:
  explicit BlobContainer(ContextPtr context) : ArmResource("azure_storage_blob_container", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = storage_parent_attributes();
    attrs["name"] = {.type = "string", .required = true, .force_new = true,
                     .description = "Container name: 3-63 lowercase letters, digits and hyphens."};
    attrs["public_access"] = {.type = "string", .optional = true, .default_value = "None",
                              .description = "None, Blob or Container."};
    attrs["id"] = {.type = "string", .computed = true, .description = "ARM id."};
    attrs["url"] = {.type = "string", .computed = true,
                    .description = "https://{account}.blob.core.windows.net/{name}"};
    return {.version = 0, .description = "A blob container.", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::ShareOrContainer, diags);
    check_storage_parent_args(config, diags);
    json access = config.value("public_access", json());
    if (access.is_string() && access != "None" && access != "Blob" && access != "Container")
      diags.push_back(Diagnostic::error("public_access must be \"None\", \"Blob\" or \"Container\"", "", {},
                                        "/public_access"));
    return diags;
  }

  void customize_plan(const sdk::PlanRequest&, sdk::PlannedChange& change) const override {
    plan_storage_account(change.planned_state, subscription());
  }

 protected:
  std::string api_version() const override { return kStorageApi; }
  bool accepts_id(const ArmId& id) const override {
    return id.is("Microsoft.Storage", {"storageAccounts", "blobServices", "containers"});
  }

  Status arm_id(const json& state, std::string& id) const override {
    ArmId account;
    if (Status st = storage_account_of(state, subscription(), account); !st) return st;
    if (!known_string(state, "name")) return Status::error("The container's name is not known.");
    account.children.emplace_back("blobServices", "default");
    account.children.emplace_back("containers", string_at(state, "name"));
    id = account.to_string();
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    return {{"properties", {{"publicAccess", planned.value("public_access", json("None"))}}}};
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json access = body.value(json::json_pointer("/properties/publicAccess"), json());
    if (access.is_null()) access = known.value("public_access", json("None"));
    json state = {{"name", id.name()}, {"public_access", access}, {"id", id.to_string()},
                  {"url", known.value("url", json(""))}};
    record_storage_account(state, id.parent().parent(), known);
    return state;
  }

  Diagnostics complete(ArmClient& client, json& state) const override {
    ArmId account;
    if (storage_account_of(state, subscription(), account))
      state["url"] = fetch_storage_endpoint(client, account, "blob") + string_at(state, "name");
    return {};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_storage_blob_container(ContextPtr context) {
  return std::make_shared<BlobContainer>(std::move(context));
}

}  // namespace forma::azure
