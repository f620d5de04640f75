// azure_batchai_file_server: a single-node NFS (`az batchai file-server create`).
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/user_account.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {


sdk::Attribute data_disks_block() {
  return {.type = "object", .required = true, .force_new = true,
          .description = "Disks of the NFS, in RAID 0 when several.",
          .attributes = {
              {"disk_count", {.type = "number", .required = true, .description = "--disk-count"}},
              {"disk_size_gb", {.type = "number", .required = true, .description = "--disk-size"}},
              {"storage_account_type", {.type = "string", .optional = true, .default_value = "Standard_LRS",
                                        .description = "--storage-sku: Standard_LRS or Premium_LRS."}},
              {"caching_type", {.type = "string", .optional = true, .computed = true,
                                .description = "--caching-type: none (default), readonly or readwrite."}},
          }};
}

class FileServer : public ArmResource {
 public:
  explicit FileServer(ContextPtr context) : ArmResource("azure_batchai_file_server", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = workspace_attributes();
    attrs.insert({
        {"name", {.type = "string", .required = true, .force_new = true, .description = "File server name."}},
        {"vm_size", {.type = "string", .required = true, .force_new = true, .description = "-s, e.g. Standard_D2."}},
        {"user", user_block_attribute()},
        {"generate_ssh_keys", generate_ssh_keys_attribute()},
        {"data_disks", data_disks_block()},
        {"subnet_id", {.type = "string", .optional = true, .computed = true, .force_new = true,
                       .description = "--subnet; Batch AI creates a network when unset."}},
        {"id", {.type = "string", .computed = true, .description = "ARM id."}},
        {"provisioning_state", {.type = "string", .computed = true}},
        {"mount_settings", {.type = "object", .computed = true, .description = "Where clusters mount it from.",
                            .attributes = {
                                {"mount_point", {.type = "string", .computed = true}},
                                {"public_ip", {.type = "string", .computed = true}},
                                {"internal_ip", {.type = "string", .computed = true}},
                            }}},
    });
    return {.version = 0, .description = "A Batch AI file server (single-node NFS).", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::BatchAI, diags);
    check_workspace_args(config, diags);
    check_user(config, context_->env(), false, diags);
    json disks = config.value("data_disks", json());
    if (disks.is_object()) {
      json type = disks.value("storage_account_type", json());
      if (type.is_string() && type != "Standard_LRS" && type != "Premium_LRS")
        diags.push_back(Diagnostic::error("storage_account_type must be Standard_LRS or Premium_LRS", "", {},
                                          "/data_disks/storage_account_type"));
      json caching = disks.value("caching_type", json());
      if (caching.is_string() && caching != "none" && caching != "readonly" && caching != "readwrite")
        diags.push_back(Diagnostic::error("caching_type must be none, readonly or readwrite", "", {},
                                          "/data_disks/caching_type"));
    }
    return diags;
  }

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override {
    if (!change.planned_state.is_object()) return;
    plan_workspace(change.planned_state, subscription());
    if (!is_unknown(request.config.value("user", json()))) plan_user(change.planned_state, request.config, context_->env());
  }

  sdk::StateResult create(const sdk::ApplyRequest& request) override {
    sdk::ApplyRequest resolved = request;
    Diagnostics diags = resolve_user(resolved.planned_state, context_->env());
    if (has_errors(diags)) return {nullptr, diags};
    return ArmResource::create(resolved);
  }

 protected:
  std::string api_version() const override { return kBatchAIApi; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.BatchAI", {"workspaces", "fileservers"}); }

  Status arm_id(const json& state, std::string& id) const override {
    ArmId ws;
    if (Status st = workspace_of(state, subscription(), ws); !st) return st;
    if (!known_string(state, "name")) return Status::error("The file server's name is not known.");
    ws.children.emplace_back("fileservers", string_at(state, "name"));
    id = ws.to_string();
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    const json& d = planned["data_disks"];
    json disks = {{"diskSizeInGB", d["disk_size_gb"]},
                  {"storageAccountType", d.value("storage_account_type", json("Standard_LRS"))},
                  {"diskCount", d["disk_count"]}};
    if (d.value("caching_type", json()).is_string()) disks["cachingType"] = d["caching_type"];
    json p = {{"sshConfiguration", {{"userAccountSettings", user_account_settings(planned.value("user", json::object()))}}},
              {"dataDisks", disks},
              {"vmSize", planned["vm_size"]}};
    if (planned.value("subnet_id", json()).is_string()) p["subnet"] = {{"id", planned["subnet_id"]}};
    return {{"properties", p}};
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json props = value_at(body, "/properties");
    json disks = props.value("dataDisks", json::object());
    json known_disks = known.value("data_disks", json::object());
    json subnet = value_at(props, "/subnet/id");
    json state = {
        {"name", id.name()},
        {"id", id.to_string()},
        {"vm_size", prefer_configured(known.value("vm_size", json()), props.value("vmSize", json()))},
        {"user", observed_user(known.value("user", json()), value_at(props, "/sshConfiguration/userAccountSettings"))},
        {"generate_ssh_keys", known.value("generate_ssh_keys", json(false))},
        {"data_disks", {{"disk_count", disks.value("diskCount", known_disks.value("disk_count", json()))},
                        {"disk_size_gb", disks.value("diskSizeInGB", known_disks.value("disk_size_gb", json()))},
                        {"storage_account_type", prefer_configured(known_disks.value("storage_account_type", json()),
                                                                   disks.value("storageAccountType", json()))},
                        {"caching_type", prefer_configured(known_disks.value("caching_type", json()),
                                                           disks.value("cachingType", json()))}}},
        {"subnet_id", subnet.is_null() ? known.value("subnet_id", json())
                                       : prefer_configured(known.value("subnet_id", json()), subnet)},
        {"provisioning_state", props.value("provisioningState", json(""))},
        {"mount_settings", {{"mount_point", value_at(props, "/mountSettings/mountPoint")},
                            {"public_ip", value_at(props, "/mountSettings/fileServerPublicIP")},
                            {"internal_ip", value_at(props, "/mountSettings/fileServerInternalIP")}}},
    };
    record_workspace(state, id.parent(), known);
    return state;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_batchai_file_server(ContextPtr context) {
  return std::make_shared<FileServer>(std::move(context));
}

}  // namespace forma::azure
