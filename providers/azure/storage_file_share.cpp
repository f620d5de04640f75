// azure_storage_file_share: an Azure Files share (`az storage share create`), made through ARM.
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/storage_parent.h"

namespace forma::azure {
namespace {

class FileShare : public ArmResource {
 public:
  explicit FileShare(ContextPtr context) : ArmResource("azure_storage_file_share", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = storage_parent_attributes();
    attrs["name"] = {.type = "string", .required = true, .force_new = true,
                     .description = "Share name: 3-63 lowercase letters, digits and hyphens."};
    attrs["quota_gb"] = {.type = "number", .optional = true, .computed = true,
                         .description = "Maximum size in GB (1-5120); Azure's default when unset."};
    attrs["id"] = {.type = "string", .computed = true, .description = "ARM id."};
    attrs["url"] = {.type = "string", .computed = true,
                    .description = "https://{account}.file.core.windows.net/{name}, as clusters mount it."};
    return {.version = 0, .description = "An Azure Files share.", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::ShareOrContainer, diags);
    check_storage_parent_args(config, diags);
    json quota = config.value("quota_gb", json());
    if (quota.is_number() && (quota.get<double>() < 1 || quota.get<double>() > 102400))
      diags.push_back(Diagnostic::error("quota_gb must be between 1 and 102400", "", {}, "/quota_gb"));
    return diags;
  }

  void customize_plan(const sdk::PlanRequest&, sdk::PlannedChange& change) const override {
    plan_storage_account(change.planned_state, subscription());
  }

 protected:
  std::string api_version() const override { return kStorageApi; }
  bool accepts_id(const ArmId& id) const override {
    return id.is("Microsoft.Storage", {"storageAccounts", "fileServices", "shares"});
  }

  Status arm_id(const json& state, std::string& id) const override {
    ArmId account;
    if (Status st = storage_account_of(state, subscription(), account); !st) return st;
    if (!known_string(state, "name")) return Status::error("The share's name is not known.");
    account.children.emplace_back("fileServices", "default");
    account.children.emplace_back("shares", string_at(state, "name"));
    id = account.to_string();
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    json quota = planned.value("quota_gb", json());
    if (!quota.is_number()) return json::object();
    return {{"properties", {{"shareQuota", quota}}}};
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json quota = body.value(json::json_pointer("/properties/shareQuota"), json());
    if (quota.is_null()) quota = known.value("quota_gb", json());
    json state = {{"name", id.name()}, {"quota_gb", quota}, {"id", id.to_string()},
                  {"url", known.value("url", json(""))}};
    record_storage_account(state, id.parent().parent(), known);
    return state;
  }

  Diagnostics complete(ArmClient& client, json& state) const override {
    ArmId account;
    if (storage_account_of(state, subscription(), account))
      state["url"] = fetch_storage_endpoint(client, account, "file") + string_at(state, "name");
    return {};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_storage_file_share(ContextPtr context) {
  return std::make_shared<FileShare>(std::move(context));
}

}  // namespace forma::azure
