// Batch AI clusters: PUT (long-running: 202, provisioning, then node
// allocation), GET with live node counts, PATCH scaleSettings (a synchronous
// resize), DELETE (long-running), list, listRemoteLoginInformation.
#include <ctime>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/batchai_nodes.h"
#include "providers/azure/emulator/cluster_spec.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/quotas.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

constexpr const char* kType = "Microsoft.BatchAI/workspaces/clusters";

void not_found(ArmResponse& res) {
  arm_error(res, 404, "ClusterNotFound", "The specified managed compute cluster is not found");
}

// "20170719t162906z", the date part of Batch AI node ids.
std::string node_date(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[24];
  std::strftime(buffer, sizeof buffer, "%Y%m%dt%H%M%Sz", &tm);
  return buffer;
}

// The digits of Batch AI node ids ("tvm-3601533753_1-…"), fixed per cluster.
std::string node_tag(const std::string& id) {
  return std::to_string(1000000000ULL +
                        std::stoull(sha256_hex(resource_key(id)).substr(0, 12), nullptr, 16) % 3000000000ULL);
}

void set_scale(StoredResource& cluster, const json& scale) {
  cluster.body["properties"]["scaleSettings"] = scale;
  if (scale.contains("autoScale"))
    cluster.internal["autoscale"] = {{"min", scale["autoScale"]["minimumNodeCount"]},
                                     {"max", scale["autoScale"]["maximumNodeCount"]}};
  else
    cluster.internal.erase("autoscale");
}

// A resize from the nodes there now; auto-scale clusters keep their size within the new bounds.
void resize(Cloud& cloud, StoredResource& cluster, const json& scale) {
  const int64_t now = cloud.now();
  const int64_t start = std::max(now, cluster.internal["alloc"].value("start_ms", now));
  int target = requested_nodes(scale);
  if (scale.contains("autoScale"))
    target = std::clamp(cluster_state(cloud, cluster, start).current_nodes,
                        scale["autoScale"].value("minimumNodeCount", 0),
                        scale["autoScale"].value("maximumNodeCount", 0));
  begin_allocation(cloud, cluster, target, start);
  set_scale(cluster, scale);
  cloud.store.put(cluster);
}

// What GET never gives back but the nodes need: the admin password and the setup task's secret values.
void keep_secrets(StoredResource& cluster, const json& requested) {
  const json user = requested.value("userAccountSettings", json::object());
  if (user.contains("adminUserPassword") && user["adminUserPassword"].is_string())
    cluster.internal["admin_password"] = user["adminUserPassword"];
  json secrets = json::object();
  const json task = requested.value("nodeSetup", json::object()).value("setupTask", json::object());
  for (const json& secret : task.value("secrets", json::array()))
    if (secret.is_object() && secret.value("name", json()).is_string() && secret.value("value", json()).is_string())
      secrets[secret["name"].get<std::string>()] = secret["value"];
  if (!secrets.empty()) cluster.internal["setup_secrets"] = secrets;
}

void create(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace,
            json properties, const json& requested) {
  const int64_t now = cloud.now();
  const VmSize* size = find_vm_size(properties["vmSize"].get<std::string>());
  StoredResource cluster{workspace.id + "/clusters/" + req.segments[9], kType, {}, json::object()};
  const StoredOperation op =
      begin_operation(cloud, "create", cluster.id, "Microsoft.BatchAI", workspace.body.value("location", ""));
  properties["creationTime"] = iso_time(now);
  properties["provisioningState"] = "creating";
  properties["provisioningStateTransitionTime"] = iso_time(now);
  cluster.body = {{"id", cluster.id},
                  {"name", req.segments[9]},
                  {"type", kType},
                  {"location", workspace.body.value("location", "")},
                  {"properties", properties}};
  cluster.internal = {{"operation", op.id},
                      {"created_ms", now},
                      {"ip", allocate_loopback_ip(cloud)},
                      {"node_tag", node_tag(cluster.id)},
                      {"node_date", node_date(now)},
                      {"cores", size->cores},
                      {"family", size->family},
                      {"low_priority", properties["vmPriority"] == "lowpriority"}};
  keep_secrets(cluster, requested);
  set_scale(cluster, properties["scaleSettings"]);
  begin_allocation(cloud, cluster, requested_nodes(properties["scaleSettings"]), op.end_ms);
  cloud.store.put(cluster);
  accept_batchai_operation(cloud, req, res, op);
}

void put_cluster(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace,
                 const StoredResource* existing) {
  json body;
  if (!parse_body(req, res, body)) return;
  if (!valid_batchai_name(req.segments[9]))
    return arm_error(res, 400, "InvalidParameter",
                     "The cluster name '" + req.segments[9] +
                         "' is invalid: use 1-64 "
                         "letters, digits, hyphens and underscores.");
  json properties;
  if (!body.is_object() ||
      !normalize_cluster_properties(cloud, workspace, body.value("properties", json()), properties, res))
    return;
  if (!existing) return create(cloud, req, res, workspace, properties, body["properties"]);
  const json& before = existing->body["properties"];
  if (before.value("provisioningState", "") == "deleting")
    return arm_error(res, 409, "Conflict", "The cluster '" + req.segments[9] + "' is being deleted.");
  if (std::string changed = changed_immutable_property(before, properties); !changed.empty())
    return arm_error(
        res, 409, "Conflict",
        "The property 'properties." + changed + "' of cluster '" + req.segments[9] +
            "' cannot be changed: a Batch AI cluster can only be resized (scaleSettings). Delete and create "
            "it again to change " +
            changed + ".");
  StoredResource cluster = *existing;
  if (properties["scaleSettings"] != before["scaleSettings"])
    resize(cloud, cluster, properties["scaleSettings"]);
  // A repeated create that is still running answers like the first one.
  if (const StoredOperation* running = cloud.store.find_operation(cluster.internal.value("operation", "")))
    return accept_batchai_operation(cloud, req, res, *running);
  res.set(200, render_resource(cloud, cluster));
}

void patch_cluster(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& existing) {
  json body;
  if (!parse_body(req, res, body)) return;
  const json properties = body.is_object() ? body.value("properties", json::object()) : json();
  if (!properties.is_object())
    return arm_error(res, 400, "InvalidParameter",
                     "The value of property 'properties' is invalid: an object is required.");
  for (const auto& [key, value] : properties.items())
    if (key != "scaleSettings")
      return arm_error(res, 400, "InvalidParameter",
                       "The property 'properties." + key +
                           "' cannot be updated: only scaleSettings can be changed on an existing cluster.");
  StoredResource cluster = existing;
  if (properties.contains("scaleSettings")) {
    json scale;
    if (!normalize_scale_settings(properties["scaleSettings"], scale, res)) return;
    resize(cloud, cluster, scale);
  }
  res.set(200, render_resource(cloud, cluster));
}

void delete_cluster(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource* existing) {
  if (!existing) return res.set(204);
  StoredResource cluster = *existing;
  const StoredOperation* running = cloud.store.find_operation(cluster.internal.value("operation", ""));
  if (running && running->kind == "delete") return accept_batchai_operation(cloud, req, res, *running);
  const StoredOperation op =
      begin_operation(cloud, "delete", cluster.id, "Microsoft.BatchAI", cluster.body.value("location", ""));
  cluster.body["properties"]["provisioningState"] = "deleting";
  cluster.body["properties"]["provisioningStateTransitionTime"] = iso_time(op.start_ms);
  cluster.internal["operation"] = op.id;
  cloud.store.put(cluster);
  accept_batchai_operation(cloud, req, res, op);
}

void remote_logins(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                   const StoredResource& cluster) {
  if (req.method != "POST") return method_not_allowed(req, res);
  const ClusterState state = cluster_state(cloud, cluster, cloud.now());
  json value = json::array();
  for (int i : state.node_indexes)
    value.push_back({{"nodeId", batchai_node_id(cluster, i)},
                     {"ipAddress", cluster.internal.value("ip", "127.0.0.1")},
                     {"port", 50000 + i}});
  res.set(200, {{"value", value}});
}

}  // namespace

void handle_clusters(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace) {
  if (req.size() == 9) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(workspace.id, kType)));
  }
  const StoredResource* existing = cloud.store.find(workspace.id + "/clusters/" + req.segments[9]);
  if (req.size() == 11) {
    if (!req.is(10, "listremotelogininformation"))
      return arm_error(res, 404, "InvalidResourceType",
                       "The resource type could not be found in the namespace "
                       "'Microsoft.BatchAI'.");
    if (!existing) return not_found(res);
    return remote_logins(cloud, req, res, *existing);
  }
  if (req.method == "PUT") return put_cluster(cloud, req, res, workspace, existing);
  if (req.method == "DELETE") return delete_cluster(cloud, req, res, existing);
  if (!existing) return req.method == "HEAD" ? res.set(404) : not_found(res);
  if (req.method == "PATCH") return patch_cluster(cloud, req, res, *existing);
  if (req.method == "GET" || req.method == "HEAD") return res.set(200, render_resource(cloud, *existing));
  method_not_allowed(req, res);
}

}  // namespace forma::emulator
