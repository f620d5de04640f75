// Data sources: the SSH endpoints of a cluster's nodes (what
// `az batchai cluster node list` prints) and a storage account's keys.
#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/cluster_nodes.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

class ClusterNodes : public sdk::DataSource {
 public:
  explicit ClusterNodes(ContextPtr context) : context_(std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "SSH endpoints of a Batch AI cluster's nodes (listRemoteLoginInformation).",
            .attributes = {
                {"cluster_id", {.type = "string", .required = true, .description = "ARM id of the cluster."}},
                {"nodes", nodes_attribute("One {node_id, ip_address, port, state} per node: ssh -p PORT USER@IP.")},
            }};
  }

  Diagnostics validate(const json& config) const override {
    json id = config.value("cluster_id", json());
    if (!id.is_string()) return {};
    auto parsed = parse_arm_id(id.get<std::string>());
    if (parsed && parsed->is("Microsoft.BatchAI", {"workspaces", "clusters"})) return {};
    return {Diagnostic::error("cluster_id is not the ARM id of a Batch AI cluster", "Got " + id.dump() + ".", {},
                              "/cluster_id")};
  }

  sdk::StateResult read(const sdk::DataRequest& request) override {
    sdk::StateResult out;
    auto client = context_->require_client(out.diagnostics);
    if (!client) return out;
    std::string id = string_at(request.config, "cluster_id");
    json nodes;
    ArmResult r = list_cluster_nodes(*client, id, nodes);
    if (!r.ok()) {
      out.diagnostics.push_back(arm_failure("list the nodes of", request.address, *r.error));
      return out;
    }
    out.state = {{"cluster_id", id}, {"nodes", nodes}};
    return out;
  }

 private:
  ContextPtr context_;
};

class StorageAccountKeys : public sdk::DataSource {
 public:
  explicit StorageAccountKeys(ContextPtr context) : context_(std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "The access keys of a storage account (listKeys).",
            .attributes = {
                {"storage_account_id", {.type = "string", .required = true,
                                        .description = "ARM id of the storage account."}},
                {"primary_key", {.type = "string", .computed = true, .sensitive = true, .description = "key1."}},
                {"secondary_key", {.type = "string", .computed = true, .sensitive = true, .description = "key2."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    json id = config.value("storage_account_id", json());
    if (!id.is_string()) return {};
    auto parsed = parse_arm_id(id.get<std::string>());
    if (parsed && parsed->is("Microsoft.Storage", {"storageAccounts"})) return {};
    return {Diagnostic::error("storage_account_id is not the ARM id of a storage account", "Got " + id.dump() + ".",
                              {}, "/storage_account_id")};
  }

  sdk::StateResult read(const sdk::DataRequest& request) override {
    sdk::StateResult out;
    auto client = context_->require_client(out.diagnostics);
    if (!client) return out;
    std::string id = string_at(request.config, "storage_account_id");
    ArmResult r = client->post(id + "/listKeys", kStorageApi);
    if (!r.ok()) {
      out.diagnostics.push_back(arm_failure("list the keys of", request.address, *r.error));
      return out;
    }
    json keys = r.body.value("keys", json::array());
    auto key = [&](size_t i) {
      return keys.is_array() && i < keys.size() ? keys[i].value("value", std::string()) : std::string();
    };
    out.state = {{"storage_account_id", id}, {"primary_key", key(0)}, {"secondary_key", key(1)}};
    return out;
  }

 private:
  ContextPtr context_;
};

}  // namespace

std::shared_ptr<sdk::DataSource> make_cluster_nodes_data_source(ContextPtr context) {
  return std::make_shared<ClusterNodes>(std::move(context));
}

std::shared_ptr<sdk::DataSource> make_storage_account_keys_data_source(ContextPtr context) {
  return std::make_shared<StorageAccountKeys>(std::move(context));
}

}  // namespace forma::azure
