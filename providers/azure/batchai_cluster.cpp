// azure_batchai_cluster: `az batchai cluster create` with every option, and
// `az batchai cluster resize` when only the scale settings change.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/auto_storage.h"
#include "providers/azure/cluster_body.h"
#include "providers/azure/cluster_config_file.h"
#include "providers/azure/cluster_nodes.h"
#include "providers/azure/cluster_plan.h"
#include "providers/azure/cluster_schema.h"
#include "providers/azure/cluster_state.h"
#include "providers/azure/cluster_validate.h"
#include "providers/azure/resources.h"
#include "providers/azure/storage_parent.h"
#include "providers/azure/user_account.h"
#include "providers/azure/workspace_ref.h"

namespace forma::azure {
namespace {

// Mount entries without a key get the account's key1 (in the body only: the
// state keeps what the config says).
Diagnostics fill_mount_keys(ArmClient& client, const std::string& subscription, json& planned) {
  Diagnostics diags;
  for (const char* list : {"azure_file_shares", "azure_blob_containers"}) {
    if (!planned.value(list, json()).is_array()) continue;
    for (auto& mount : planned[list]) {
      if (mount.value("account_key", json()).is_string()) continue;
      std::string key;
      append(diags, find_storage_account_key(client, subscription, mount.value("account_name", ""), key));
      mount["account_key"] = key;
    }
  }
  return diags;
}

// Batch AI reports allocation failures (quota) in properties.errors after a
// create that itself succeeded.
Diagnostics allocation_errors(const std::string& address, const json& state) {
  Diagnostics diags;
  for (const auto& e : state.value("errors", json::array())) {
    ArmError error;
    error.http_status = 409;
    error.code = e.value("code", "");
    error.message = e.value("message", "");
    Diagnostic d = arm_failure("create", address, error);
    d.detail = "The cluster exists and forma recorded it, but it cannot get its nodes. " + d.detail;
    diags.push_back(d);
  }
  return diags;
}

// Batch AI finishes a create or resize (provisioningState succeeded) before
// the nodes are there (allocationState resizing). forma waits for steady, so
// that apply ends with the nodes up (or their allocation error known) and a
// plan right after it sees the nodes that data sources list.
ArmResult wait_for_steady_allocation(ArmClient& client, const std::string& id, ArmResult last) {
  using namespace std::chrono;
  const auto give_up = steady_clock::now() + minutes(60);
  milliseconds pause(100);
  while (last.ok() && last.body.is_object() && steady_clock::now() < give_up) {
    std::string state = last.body.value("properties", json::object()).value("allocationState", "");
    std::transform(state.begin(), state.end(), state.begin(), [](unsigned char c) { return std::tolower(c); });
    if (state != "resizing") return last;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, milliseconds(10000));
    last = client.get(id, kBatchAIApi);
  }
  return last;
}

class Cluster : public ArmResource {
 public:
  explicit Cluster(ContextPtr context) : ArmResource("azure_batchai_cluster", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A Batch AI cluster (az batchai cluster create / resize).",
            .attributes = cluster_attributes()};
  }

  Diagnostics validate(const json& config) const override { return validate_cluster_config(config, context_->env()); }

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override {
    if (!change.planned_state.is_object()) return;
    plan_workspace(change.planned_state, subscription());
    ClusterFile file;
    std::string path = string_at(request.config, "config_file");
    if (!path.empty()) append(change.diagnostics, load_cluster_file(path, context_->env(), file));
    plan_cluster(request.prior_state, request.config, file.properties, path.empty() ? "" : file.sha256,
                 context_->env(), change);
  }

  sdk::StateResult create(const sdk::ApplyRequest& request) override;
  sdk::StateResult update(const sdk::ApplyRequest& request) override;
  Diagnostics remove(const sdk::ApplyRequest& request) override;

  // An imported cluster's location is its workspace's.
  sdk::StateResult import_state(const std::string& id) override {
    sdk::StateResult out = ArmResource::import_state(id);
    auto client = context_->client();
    if (!client || !out.state.is_object() || !out.state["location"].is_null()) return out;
    ArmResult ws = client->get(string_at(out.state, "workspace_id"), kBatchAIApi);
    if (ws.ok() && ws.body.value("location", json()).is_string()) out.state["location"] = ws.body["location"];
    return out;
  }

 protected:
  std::string api_version() const override { return kBatchAIApi; }
  bool accepts_id(const ArmId& id) const override { return id.is("Microsoft.BatchAI", {"workspaces", "clusters"}); }

  Status arm_id(const json& state, std::string& id) const override {
    ArmId ws;
    if (Status st = workspace_of(state, subscription(), ws); !st) return st;
    if (!known_string(state, "name")) return Status::error("The cluster's name is not known.");
    ws.children.emplace_back("clusters", string_at(state, "name"));
    id = ws.to_string();
    return Status::ok();
  }

  json request_body(const json& planned) const override { return cluster_create_body(planned, json::object(), {}); }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    return cluster_state(known, id, body);
  }

  // The nodes, from listRemoteLoginInformation. A list that cannot be read
  // keeps the last one known: the cluster itself was read.
  Diagnostics complete(ArmClient& client, json& state) const override {
    json known = state.value("nodes", json());
    ArmResult r = list_cluster_nodes(client, string_at(state, "id"), state["nodes"]);
    if (r.ok()) return {};
    state["nodes"] = known.is_array() ? known : json::array();
    return {Diagnostic::warning("Cannot list the nodes of cluster " + string_at(state, "name"),
                                r.error->message)};
  }

 private:
  // Everything create needs before the PUT: location, keys, config file, storage.
  Diagnostics prepare(ArmClient& client, const std::string& address, json& planned, json& body) const;
};

Diagnostics Cluster::prepare(ArmClient& client, const std::string& address, json& planned, json& body) const {
  Diagnostics diags;
  ArmId ws;
  if (Status st = workspace_of(planned, subscription(), ws); !st)
    return {Diagnostic::error("Cannot create " + address, st.message())};
  record_workspace(planned, ws, planned);
  if (!known_string(planned, "location")) {
    ArmResult got = client.get(ws.to_string(), kBatchAIApi);
    if (got.ok() && got.body.value("location", json()).is_string()) planned["location"] = got.body["location"];
    else if (!context_->default_location().empty()) planned["location"] = context_->default_location();
    else return {got.ok() ? Diagnostic::error("Cannot find the location of " + address, "Set location.")
                          : arm_failure("read the workspace of", address, *got.error)};
  }
  append(diags, resolve_user(planned, context_->env()));
  ClusterFile file;
  if (known_string(planned, "config_file")) append(diags, load_cluster_file(string_at(planned, "config_file"), context_->env(), file));
  json with_keys = without_unknowns(planned);
  append(diags, fill_mount_keys(client, subscription(), with_keys));
  if (has_errors(diags)) return diags;
  std::optional<AutoStorageMounts> mounts;
  if (planned.value("auto_storage", json()).is_object()) {
    mounts.emplace();
    json& block = planned["auto_storage"];
    diags = provision_auto_storage(client, subscription(), string_at(planned, "location"), block, *mounts);
    if (has_errors(diags)) {
      append(diags, delete_auto_storage(client, block));  // leave nothing half made behind
      return diags;
    }
    with_keys["auto_storage"] = block;
  }
  body = cluster_create_body(with_keys, file.properties, mounts);
  return diags;
}

sdk::StateResult Cluster::create(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  json planned = request.planned_state;
  json body;
  out.diagnostics = prepare(*client, request.address, planned, body);
  if (has_errors(out.diagnostics)) return out;
  std::string id;
  if (Status st = arm_id(planned, id); !st) {
    out.diagnostics.push_back(Diagnostic::error("Cannot create " + request.address, st.message()));
    return out;
  }
  const ArmId parsed = *parse_arm_id(id);
  ArmResult put = client->put(id, kBatchAIApi, body);
  if (put.ok()) put = wait_for_steady_allocation(*client, id, std::move(put));
  if (!put.ok()) {
    out.diagnostics.push_back(arm_failure("create", request.address, *put.error));
    ArmResult left = client->get(id, kBatchAIApi);
    if (left.ok() && !left.not_found() && left.body.is_object()) {
      out.state = cluster_state(without_unknowns(planned), parsed, left.body);  // a failed cluster still exists
    } else {
      append(out.diagnostics, delete_auto_storage(*client, planned.value("auto_storage", json())));
    }
    return out;
  }
  out.state = cluster_state(without_unknowns(planned), parsed, put.body);
  append(out.diagnostics, allocation_errors(request.address, out.state));
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

sdk::StateResult Cluster::update(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  out.state = request.prior_state;
  if (!client) return out;
  std::string id;
  if (Status st = known_id(request.prior_state, id); !st) {
    out.diagnostics.push_back(Diagnostic::error("Cannot update " + request.address, st.message()));
    return out;
  }
  json scale = request.planned_state.value("scale", json());
  bool resize = scale.is_object() && scale != request.prior_state.value("scale", json());
  ArmResult r = resize ? client->patch(id, kBatchAIApi, cluster_update_body(scale)) : client->get(id, kBatchAIApi);
  if (r.ok() && !r.body.is_object()) r = client->get(id, kBatchAIApi);  // PATCH answered without a body
  if (resize) r = wait_for_steady_allocation(*client, id, std::move(r));
  if (!r.ok()) {
    out.diagnostics.push_back(arm_failure(resize ? "resize" : "read", request.address, *r.error));
    return out;
  }
  out.state = cluster_state(without_unknowns(request.planned_state), *parse_arm_id(id), r.body);
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

Diagnostics Cluster::remove(const sdk::ApplyRequest& request) {
  Diagnostics diags = ArmResource::remove(request);
  if (has_errors(diags)) return diags;
  auto client = context_->require_client(diags);
  if (client) append(diags, delete_auto_storage(*client, request.prior_state.value("auto_storage", json())));
  return diags;
}

}  // namespace

std::shared_ptr<sdk::Resource> make_batchai_cluster(ContextPtr context) {
  return std::make_shared<Cluster>(std::move(context));
}

}  // namespace forma::azure
