// Batch AI file servers (an NFS VM with data disks): PUT (long-running),
// GET with mountSettings, DELETE (long-running), list.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/cluster_spec.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/quotas.h"

namespace forma::emulator {
namespace {

constexpr const char* kFileServerType = "Microsoft.BatchAI/workspaces/fileservers";

bool invalid(ArmResponse& res, const std::string& property, const std::string& message) {
  arm_error(res, 400, "InvalidParameter", "The value of property '" + property + "' is invalid: " + message);
  return false;
}

bool normalize(const Cloud&, const StoredResource& workspace, const json& p, json& out, ArmResponse& res) {
  if (!p.is_object()) return invalid(res, "properties", "an object is required.");
  if (!p.contains("vmSize") || !p["vmSize"].is_string() || !find_vm_size(p["vmSize"].get<std::string>()))
    return invalid(res, "properties.vmSize", "a VM size Batch AI supports is required.");
  const json user = p.value("sshConfiguration", json::object()).value("userAccountSettings", json());
  if (!user.is_object() || !user.contains("adminUserName") || !user["adminUserName"].is_string())
    return invalid(res, "properties.sshConfiguration.userAccountSettings.adminUserName", "it is required.");
  const json disks = p.value("dataDisks", json());
  for (const char* key : {"diskSizeInGB", "diskCount"})
    if (!disks.is_object() || !disks.contains(key) || !disks[key].is_number_integer() ||
        disks[key].get<int>() < 1)
      return invalid(res, std::string("properties.dataDisks.") + key, "a positive integer is required.");
  if (!disks.contains("storageAccountType") || !disks["storageAccountType"].is_string())
    return invalid(res, "properties.dataDisks.storageAccountType",
                   "Standard_LRS or Premium_LRS is required.");
  out = {{"vmSize", p["vmSize"]}, {"sshConfiguration", p["sshConfiguration"]}, {"dataDisks", disks}};
  json& account = out["sshConfiguration"]["userAccountSettings"];
  account.erase("adminUserPassword");  // never returned
  if (!out["dataDisks"].contains("cachingType")) out["dataDisks"]["cachingType"] = "none";
  out["subnet"] = p.contains("subnet") ? p["subnet"] : default_subnet(workspace);
  return true;
}

void put_file_server(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace,
                     const StoredResource* existing) {
  json body, properties;
  if (!parse_body(req, res, body)) return;
  if (!valid_batchai_name(req.segments[9]))
    return arm_error(res, 400, "InvalidParameter",
                     "The file server name '" + req.segments[9] +
                         "' is invalid: use 1-64 letters, digits, hyphens and underscores.");
  if (!body.is_object() || !normalize(cloud, workspace, body.value("properties", json()), properties, res))
    return;
  if (existing) {
    for (const char* key : {"vmSize", "sshConfiguration", "dataDisks", "subnet"})
      if (existing->body["properties"].value(key, json()) != properties[key])
        return arm_error(res, 409, "Conflict",
                         "The property 'properties." + std::string(key) + "' of file server '" +
                             req.segments[9] + "' cannot be changed.");
    if (const StoredOperation* running =
            cloud.store.find_operation(existing->internal.value("operation", "")))
      return accept_batchai_operation(cloud, req, res, *running);
    return res.set(200, existing->body);
  }
  const std::string now = iso_time(cloud.now());
  StoredResource server{workspace.id + "/fileservers/" + req.segments[9], kFileServerType, {}, json::object()};
  const StoredOperation op =
      begin_operation(cloud, "create", server.id, "Microsoft.BatchAI", workspace.body.value("location", ""));
  properties["mountSettings"] = {{"mountPoint", "/mnt/data"},
                                 {"fileServerPublicIP", allocate_loopback_ip(cloud)},
                                 {"fileServerInternalIP", "10.0.0.4"}};
  properties["provisioningState"] = "creating";
  properties["creationTime"] = now;
  properties["provisioningStateTransitionTime"] = now;
  server.body = {{"id", server.id},
                 {"name", req.segments[9]},
                 {"type", kFileServerType},
                 {"location", workspace.body.value("location", "")},
                 {"properties", properties}};
  server.internal["operation"] = op.id;
  cloud.store.put(server);
  accept_batchai_operation(cloud, req, res, op);
}

void delete_file_server(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                        const StoredResource* existing) {
  if (!existing) return res.set(204);
  StoredResource server = *existing;
  const StoredOperation* running = cloud.store.find_operation(server.internal.value("operation", ""));
  if (running && running->kind == "delete") return accept_batchai_operation(cloud, req, res, *running);
  const StoredOperation op =
      begin_operation(cloud, "delete", server.id, "Microsoft.BatchAI", server.body.value("location", ""));
  server.body["properties"]["provisioningState"] = "deleting";
  server.internal["operation"] = op.id;
  cloud.store.put(server);
  accept_batchai_operation(cloud, req, res, op);
}

}  // namespace

void handle_file_servers(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                         const StoredResource& workspace) {
  if (req.size() == 9) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(workspace.id, kFileServerType)));
  }
  const StoredResource* existing = cloud.store.find(workspace.id + "/fileservers/" + req.segments[9]);
  if (req.method == "PUT") return put_file_server(cloud, req, res, workspace, existing);
  if (req.method == "DELETE") return delete_file_server(cloud, req, res, existing);
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req, res);
  if (!existing) return arm_error(res, 404, "FileServerNotFound", "The specified file server is not found");
  res.set(200, existing->body);
}

}  // namespace forma::emulator
