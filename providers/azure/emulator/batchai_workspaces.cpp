// Batch AI workspaces (PUT answered at once, GET, PATCH tags, DELETE
// long-running, list) and the routing to what lives in a workspace.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"

namespace forma::emulator {
namespace {

constexpr const char* kType = "Microsoft.BatchAI/workspaces";

void not_found(ArmResponse& res) {
  arm_error(res, 404, "WorkspaceNotFound", "The specified workspace is not found");
}

bool bad_tags(const json& body, ArmResponse& res) {
  if (!body.contains("tags") || body["tags"].is_object()) return false;
  arm_error(res, 400, "InvalidParameter", "The value of property 'tags' is invalid: an object is required.");
  return true;
}

void put_workspace(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource* existing) {
  const std::string& name = req.segments[7];
  json body;
  if (!parse_body(req, res, body)) return;
  if (!valid_batchai_name(name))
    return arm_error(
        res, 400, "InvalidParameter",
        "The workspace name '" + name + "' is invalid: use 1-64 letters, digits, hyphens and underscores.");
  if (!body.is_object() || !body.contains("location") || !body["location"].is_string())
    return arm_error(res, 400, "LocationRequired", "The location property is required for this definition.");
  if (bad_tags(body, res)) return;
  const std::string location = normalize_location(body["location"].get<std::string>());
  if (existing) {
    if (existing->body.value("location", "") != location)
      return arm_error(res, 409, "Conflict",
                       "The workspace '" + name + "' already exists in location '" +
                           existing->body.value("location", "") + "'; its location cannot change.");
    StoredResource ws = *existing;
    if (body.contains("tags")) ws.body["tags"] = body["tags"];
    cloud.store.put(ws);
    return res.set(200, ws.body);
  }
  const StoredResource* group =
      cloud.store.find(cloud.subscription_id() + "/resourceGroups/" + req.segments[3]);
  const std::string now = iso_time(cloud.now());
  StoredResource ws{group->id + "/providers/Microsoft.BatchAI/workspaces/" + name, kType, {}, json::object()};
  ws.body = {{"id", ws.id},
             {"name", name},
             {"type", kType},
             {"location", location},
             {"properties",
              {{"provisioningState", "succeeded"},
               {"provisioningStateTransitionTime", now},
               {"creationTime", now}}}};
  if (body.contains("tags")) ws.body["tags"] = body["tags"];
  cloud.store.put(ws);
  res.set(200, ws.body);
}

void patch_workspace(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& existing) {
  json body;
  if (!parse_body(req, res, body) || bad_tags(body, res)) return;
  StoredResource ws = existing;
  if (body.is_object() && body.contains("tags")) ws.body["tags"] = body["tags"];
  cloud.store.put(ws);
  res.set(200, ws.body);
}

void delete_workspace(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource* existing) {
  if (!existing) return res.set(204);
  StoredResource ws = *existing;
  const StoredOperation* running = cloud.store.find_operation(ws.internal.value("operation", ""));
  if (running && running->kind == "delete") return accept_batchai_operation(cloud, req, res, *running);
  const StoredOperation op =
      begin_operation(cloud, "delete", ws.id, "Microsoft.BatchAI", ws.body.value("location", ""));
  ws.body["properties"]["provisioningState"] = "deleting";
  ws.body["properties"]["provisioningStateTransitionTime"] = iso_time(op.start_ms);
  ws.internal["operation"] = op.id;
  cloud.store.put(ws);
  accept_batchai_operation(cloud, req, res, op);
}

}  // namespace

void handle_batchai(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (!req.is(6, "workspaces"))
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type '" + req.segments[6] +
                         "' could not be found in the namespace 'Microsoft.BatchAI'.");
  const std::string group_id = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group_id, kType)));
  }
  const StoredResource* existing =
      cloud.store.find(group_id + "/providers/Microsoft.BatchAI/workspaces/" + req.segments[7]);
  if (req.size() == 8) {
    if (req.method == "PUT") return put_workspace(cloud, req, res, existing);
    if (req.method == "DELETE") return delete_workspace(cloud, req, res, existing);
    if (!existing) return req.method == "HEAD" ? res.set(404) : not_found(res);
    if (req.method == "PATCH") return patch_workspace(cloud, req, res, *existing);
    if (req.method == "GET" || req.method == "HEAD") return res.set(200, existing->body);
    return method_not_allowed(req, res);
  }
  if (!existing) return not_found(res);
  if (req.is(8, "clusters") && req.size() <= 11) return handle_clusters(cloud, req, res, *existing);
  if (req.is(8, "fileservers") && req.size() <= 10) return handle_file_servers(cloud, req, res, *existing);
  if (req.is(8, "experiments") && req.size() <= 10) return handle_experiments(cloud, req, res, *existing);
  arm_error(res, 404, "InvalidResourceType",
            "The resource type could not be found in the namespace 'Microsoft.BatchAI'.");
}

}  // namespace forma::emulator
