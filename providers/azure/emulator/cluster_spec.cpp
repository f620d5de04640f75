#include "providers/azure/emulator/cluster_spec.h"

#include <algorithm>

#include "engine/base/text.h"
#include "providers/azure/emulator/quotas.h"

namespace forma::emulator {
namespace {

bool invalid(ArmResponse& res, const std::string& property, const std::string& message) {
  arm_error(res, 400, "InvalidParameter", "The value of property '" + property + "' is invalid: " + message);
  return false;
}

bool is_string(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_string();
}

bool require_strings(const json& o, const std::string& where, std::initializer_list<const char*> keys,
                     ArmResponse& res) {
  if (!o.is_object()) return invalid(res, where, "an object is required.");
  for (const char* key : keys)
    if (!is_string(o, key)) return invalid(res, where + "." + key, "a string is required.");
  return true;
}

bool non_negative_int(const json& o, const char* key) {
  return o.contains(key) && o[key].is_number_integer() && o[key].get<int64_t>() >= 0 &&
         o[key].get<int64_t>() <= 100000;
}

bool normalize_user(const json& user, json& out, ArmResponse& res) {
  const std::string where = "properties.userAccountSettings";
  if (!require_strings(user, where, {"adminUserName"}, res)) return false;
  if (!is_string(user, "adminUserSshPublicKey") && !is_string(user, "adminUserPassword"))
    return invalid(res, where, "adminUserSshPublicKey or adminUserPassword must be specified.");
  out = {{"adminUserName", user["adminUserName"]}};
  if (is_string(user, "adminUserSshPublicKey")) out["adminUserSshPublicKey"] = user["adminUserSshPublicKey"];
  return true;
}

bool normalize_image(const json& config, json& out, ArmResponse& res) {
  if (config.is_null()) {
    out = {
        {"imageReference",
         {{"publisher", "microsoft-dsvm"}, {"offer", "azureml"}, {"sku", "runtime"}, {"version", "latest"}}}};
    return true;
  }
  const std::string where = "properties.virtualMachineConfiguration.imageReference";
  if (!config.is_object())
    return invalid(res, "properties.virtualMachineConfiguration", "an object is required.");
  if (!require_strings(config.value("imageReference", json()), where, {"publisher", "offer", "sku"}, res))
    return false;
  out = config;
  return true;
}

// Mounted file systems come back without their credentials ({}).
bool normalize_mounts(const json& mounts, json& out, ArmResponse& res) {
  const std::string where = "properties.nodeSetup.mountVolumes";
  if (!mounts.is_object()) return invalid(res, where, "an object is required.");
  out = mounts;
  struct Rule {
    const char* list;
    std::initializer_list<const char*> required;
    bool credentials;
  };
  const Rule rules[] = {{"azureFileShares", {"accountName", "azureFileUrl", "relativeMountPath"}, true},
                        {"azureBlobFileSystems", {"accountName", "containerName", "relativeMountPath"}, true},
                        {"fileServers", {"relativeMountPath"}, false},
                        {"unmanagedFileSystems", {"mountCommand", "relativeMountPath"}, false}};
  for (const Rule& rule : rules) {
    if (!out.contains(rule.list)) continue;
    if (!out[rule.list].is_array()) return invalid(res, where + "." + rule.list, "an array is required.");
    for (size_t i = 0; i < out[rule.list].size(); ++i) {
      json& m = out[rule.list][i];
      const std::string at = where + "." + rule.list + "[" + std::to_string(i) + "]";
      if (!require_strings(m, at, rule.required, res)) return false;
      if (rule.credentials) {
        if (!m.contains("credentials") || !m["credentials"].is_object())
          return invalid(res, at + ".credentials",
                         "the storage account key or its Key Vault reference is required.");
        m["credentials"] = json::object();
      }
      if (std::string(rule.list) == "azureFileShares") {
        if (!m.contains("fileMode")) m["fileMode"] = "0777";
        if (!m.contains("directoryMode")) m["directoryMode"] = "0777";
      }
      if (std::string(rule.list) == "fileServers" && !is_string(m.value("fileServer", json()), "id"))
        return invalid(res, at + ".fileServer.id", "a file server resource id is required.");
    }
  }
  return true;
}

bool normalize_setup_task(const json& task, json& out, ArmResponse& res) {
  const std::string where = "properties.nodeSetup.setupTask";
  if (!require_strings(task, where, {"commandLine", "stdOutErrPathPrefix"}, res)) return false;
  const std::string prefix = task["stdOutErrPathPrefix"];
  if (!prefix.starts_with("$AZ_BATCHAI_MOUNT_ROOT") && !prefix.starts_with("${AZ_BATCHAI_MOUNT_ROOT}"))
    return invalid(res, where + ".stdOutErrPathPrefix",
                   "the path must be on a mounted file system, i.e. start with "
                   "$AZ_BATCHAI_MOUNT_ROOT.");
  out = task;
  if (out.contains("secrets") && out["secrets"].is_array())
    for (json& secret : out["secrets"])
      if (secret.is_object()) secret.erase("value");  // secret values are never returned
  return true;
}

bool normalize_node_setup(const json& setup, json& out, ArmResponse& res) {
  if (!setup.is_object()) return invalid(res, "properties.nodeSetup", "an object is required.");
  out = setup;
  if (setup.contains("mountVolumes") && !normalize_mounts(setup["mountVolumes"], out["mountVolumes"], res))
    return false;
  if (setup.contains("setupTask") && !normalize_setup_task(setup["setupTask"], out["setupTask"], res))
    return false;
  return true;
}

// A file server mount puts the cluster in the file server's subnet.
json subnet_for(const Cloud& cloud, const StoredResource& workspace, const json& node_setup) {
  const json servers = node_setup.value("mountVolumes", json::object()).value("fileServers", json::array());
  for (const json& m : servers) {
    const StoredResource* server = cloud.store.find(m["fileServer"].value("id", ""));
    if (server && server->body["properties"].contains("subnet")) return server->body["properties"]["subnet"];
    return default_subnet(workspace);
  }
  return nullptr;
}

}  // namespace

bool normalize_scale_settings(const json& scale, json& out, ArmResponse& res) {
  const std::string where = "properties.scaleSettings";
  if (!scale.is_object() || (scale.contains("manual") == scale.contains("autoScale")))
    return invalid(res, where, "exactly one of manual or autoScale settings must be specified.");
  if (scale.contains("manual")) {
    const json& m = scale["manual"];
    if (!m.is_object() || !non_negative_int(m, "targetNodeCount"))
      return invalid(res, where + ".manual.targetNodeCount", "a non-negative integer is required.");
    const std::string option = m.value("nodeDeallocationOption", "requeue");
    if (option != "requeue" && option != "terminate" && option != "waitforjobcompletion")
      return invalid(res, where + ".manual.nodeDeallocationOption",
                     "must be requeue, terminate or waitforjobcompletion.");
    out = {{"manual", {{"targetNodeCount", m["targetNodeCount"]}, {"nodeDeallocationOption", option}}}};
    return true;
  }
  const json& a = scale["autoScale"];
  for (const char* key : {"minimumNodeCount", "maximumNodeCount"})
    if (!a.is_object() || !non_negative_int(a, key))
      return invalid(res, where + ".autoScale." + key, "a non-negative integer is required.");
  if (a.contains("initialNodeCount") && !non_negative_int(a, "initialNodeCount"))
    return invalid(res, where + ".autoScale.initialNodeCount", "a non-negative integer is required.");
  if (a["minimumNodeCount"].get<int>() > a["maximumNodeCount"].get<int>())
    return invalid(res, where + ".autoScale.minimumNodeCount", "must not exceed maximumNodeCount.");
  out = {{"autoScale",
          {{"minimumNodeCount", a["minimumNodeCount"]},
           {"maximumNodeCount", a["maximumNodeCount"]},
           {"initialNodeCount", a.value("initialNodeCount", 0)}}}};
  return true;
}

bool normalize_cluster_properties(const Cloud& cloud, const StoredResource& workspace, const json& p,
                                  json& out, ArmResponse& res) {
  if (!p.is_object()) return invalid(res, "properties", "an object is required.");
  if (!is_string(p, "vmSize")) return invalid(res, "properties.vmSize", "the VM size is required.");
  if (!find_vm_size(p["vmSize"].get<std::string>()))
    return invalid(res, "properties.vmSize",
                   "the VM size '" + p["vmSize"].get<std::string>() +
                       "' is not supported by Batch AI in this location.");
  const std::string priority = lower_case(p.value("vmPriority", std::string("dedicated")));
  if (priority != "dedicated" && priority != "lowpriority")
    return invalid(res, "properties.vmPriority", "must be dedicated or lowpriority.");
  out = {{"vmSize", p["vmSize"]}, {"vmPriority", priority}};
  if (!p.contains("userAccountSettings"))
    return invalid(res, "properties.userAccountSettings", "it is required.");
  if (!normalize_scale_settings(p.value("scaleSettings", json()), out["scaleSettings"], res) ||
      !normalize_image(p.value("virtualMachineConfiguration", json()), out["virtualMachineConfiguration"],
                       res) ||
      !normalize_user(p["userAccountSettings"], out["userAccountSettings"], res))
    return false;
  if (p.contains("nodeSetup") && !normalize_node_setup(p["nodeSetup"], out["nodeSetup"], res)) return false;
  if (p.contains("subnet")) {
    if (!is_string(p["subnet"], "id"))
      return invalid(res, "properties.subnet.id", "a subnet resource id is required.");
    out["subnet"] = {{"id", p["subnet"]["id"]}};
  } else if (json subnet = subnet_for(cloud, workspace, out.value("nodeSetup", json::object()));
             !subnet.is_null()) {
    out["subnet"] = subnet;
  }
  return true;
}

std::string changed_immutable_property(const json& before, const json& after) {
  for (const char* key : {"vmSize", "vmPriority", "virtualMachineConfiguration", "userAccountSettings",
                          "nodeSetup", "subnet"}) {
    json a = before.value(key, json()), b = after.value(key, json());
    if (std::string(key) == "vmSize" && a.is_string() && b.is_string()) {
      a = lower_case(a.get<std::string>());
      b = lower_case(b.get<std::string>());
    }
    if (a != b) return key;
  }
  return "";
}

int requested_nodes(const json& scale) {
  if (scale.contains("manual")) return scale["manual"].value("targetNodeCount", 0);
  const json& a = scale["autoScale"];
  return std::clamp(a.value("initialNodeCount", 0), a.value("minimumNodeCount", 0),
                    a.value("maximumNodeCount", 0));
}

json default_subnet(const StoredResource& workspace) {
  const std::string h = sha256_hex(resource_key(workspace.id));
  const std::string vnet = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                           h.substr(16, 4) + "-" + h.substr(20, 12) + "vnet";
  const std::string group = workspace.id.substr(0, workspace.id.find("/providers/"));
  return {{"id", group + "/providers/Microsoft.Network/virtualNetworks/" + vnet + "/subnets/Subnet-1"}};
}

}  // namespace forma::emulator
