#include "providers/azure/emulator/scale_set_spec.h"

#include "engine/base/text.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/quotas.h"
#include "providers/azure/emulator/scale_set_instances.h"
#include "providers/azure/emulator/tracked_resource.h"

namespace forma::emulator {
namespace {

bool is_string(const json& o, const char* key) { return o.is_object() && o.contains(key) && o[key].is_string(); }

bool missing(ArmResponse& res, const std::string& parameter) {
  arm_error(res, 400, "InvalidParameter", "Required parameter '" + parameter + "' is missing (null).");
  return false;
}

bool check_sku(const json& sku, ArmResponse& res) {
  if (!is_string(sku, "name")) return missing(res, "sku.name");
  if (!find_vm_size(sku["name"].get<std::string>()))
    return invalid_property(res, "sku.name",
                            "The value " + sku["name"].get<std::string>() + " provided for the VM size is not valid.");
  const json capacity = sku.value("capacity", json());
  if (!capacity.is_number_integer() || capacity.get<int>() < 0 || capacity.get<int>() > 1000)
    return invalid_property(res, "sku.capacity", "The capacity must be an integer from 0 to 1000.");
  return true;
}

bool is_windows(const json& os, const json& storage) {
  if (os.is_object() && os.contains("linuxConfiguration")) return false;
  const json image = storage.value("imageReference", json::object());
  return lower_case(image.value("publisher", "")).find("windows") != std::string::npos ||
         lower_case(image.value("offer", "")).find("windows") != std::string::npos;
}

bool normalize_os(json& os, bool windows, const StoredResource* existing, StoredResource& vmss, ArmResponse& res) {
  if (!os.is_object()) return missing(res, "osProfile");
  if (!is_string(os, "computerNamePrefix")) return missing(res, "osProfile.computerNamePrefix");
  if (!is_string(os, "adminUsername")) return missing(res, "osProfile.adminUsername");
  const std::string user = os["adminUsername"];
  if (is_string(os, "adminPassword")) vmss.internal["admin_password"] = os["adminPassword"];
  else if (!existing) vmss.internal.erase("admin_password");
  os.erase("adminPassword");
  if (!os.contains("secrets")) os["secrets"] = json::array();
  if (windows) {
    json& w = os["windowsConfiguration"];
    if (!w.is_object()) w = json::object();
    if (!w.contains("provisionVMAgent")) w["provisionVMAgent"] = true;
    if (!w.contains("enableAutomaticUpdates")) w["enableAutomaticUpdates"] = true;
    return vmss.internal.contains("admin_password") || missing(res, "adminPassword");
  }
  json& linux_config = os["linuxConfiguration"];
  if (linux_config.is_null()) linux_config = {{"disablePasswordAuthentication", false}};
  if (!linux_config.contains("disablePasswordAuthentication")) linux_config["disablePasswordAuthentication"] = false;
  if (!linux_config.contains("provisionVMAgent")) linux_config["provisionVMAgent"] = true;
  const json keys = linux_config.value("ssh", json::object()).value("publicKeys", json::array());
  for (const json& key : keys) {
    if (!is_string(key, "keyData")) return missing(res, "linuxConfiguration.ssh.publicKeys.keyData");
    if (key.value("path", "/home/" + user + "/.ssh/authorized_keys") != "/home/" + user + "/.ssh/authorized_keys")
      return invalid_property(res, "linuxConfiguration.ssh.publicKeys.path",
                              "Destination path for SSH public keys is currently limited to its default value "
                              "/home/" + user + "/.ssh/authorized_keys due to a known issue in Linux provisioning agent.");
  }
  const bool keys_only = linux_config["disablePasswordAuthentication"] == true;
  if (keys_only && keys.empty()) return missing(res, "linuxConfiguration.ssh.publicKeys");
  if (!keys_only && !vmss.internal.contains("admin_password")) return missing(res, "adminPassword");
  return true;
}

// Marketplace images sold through a plan (the Data Science VMs) need the plan in the request.
bool check_image(json& storage, const json& plan, ArmResponse& res) {
  if (!storage.is_object()) return missing(res, "storageProfile");
  json& image = storage["imageReference"];
  if (!is_string(image, "id") && (!is_string(image, "publisher") || !is_string(image, "offer") || !is_string(image, "sku")))
    return missing(res, "storageProfile.imageReference");
  if (!image.contains("id") && !image.contains("version")) image["version"] = "latest";
  json& disk = storage["osDisk"];
  if (!disk.is_object()) disk = json::object();
  if (!disk.contains("createOption")) disk["createOption"] = "FromImage";
  if (!disk.contains("caching")) disk["caching"] = "ReadWrite";
  if (!disk.contains("managedDisk")) disk["managedDisk"] = {{"storageAccountType", "Standard_LRS"}};
  const std::string publisher = lower_case(image.value("publisher", ""));
  const bool sold_with_plan = publisher == "microsoft-ads" || publisher == "microsoft-dsvm";
  if (plan.is_null() && !sold_with_plan) return true;
  if (plan.is_null()) {
    arm_error(res, 400, "VMMarketplaceInvalidInput",
              "Creating a virtual machine from Marketplace image requires Plan information in the request. VM: '" +
                  image.value("offer", "") + "'.");
    return false;
  }
  const bool matches = is_string(plan, "name") && is_string(plan, "publisher") && is_string(plan, "product") &&
                       lower_case(plan["name"]) == lower_case(image.value("sku", "")) &&
                       lower_case(plan["publisher"]) == publisher &&
                       lower_case(plan["product"]) == lower_case(image.value("offer", ""));
  if (matches) return true;
  arm_error(res, 400, "VMMarketplaceInvalidInput",
            "The purchase information does not match. Unable to deploy from the Marketplace image. OS disk name is "
            "'" + image.value("offer", "") + "'.");
  return false;
}

bool check_refs(const Cloud& cloud, const json& props, const std::string& by, ArmResponse& res) {
  const std::string subnet = props.value("subnet", json::object()).value("id", "");
  if (subnet.empty()) return missing(res, "ipConfigurations.subnet");
  const StoredResource* s = cloud.store.find(subnet);
  if (!s || s->type != kSubnetType) return invalid_reference(res, subnet, by);
  for (const auto& [list, collection] : {std::pair{"loadBalancerBackendAddressPools", "backendAddressPools"},
                                        {"loadBalancerInboundNatPools", "inboundNatPools"}})
    for (const json& ref : props.value(list, json::array()))
      if (load_balancer_child(cloud, ref.value("id", ""), collection).is_null())
        return invalid_reference(res, ref.value("id", ""), by);
  return true;
}

bool normalize_network(const Cloud& cloud, json& network, const std::string& by, ArmResponse& res) {
  json& nics = network["networkInterfaceConfigurations"];
  if (!nics.is_array() || nics.empty()) return missing(res, "networkProfile.networkInterfaceConfigurations");
  for (json& nic : nics) {
    if (!is_string(nic, "name")) return missing(res, "networkInterfaceConfigurations.name");
    json& p = nic["properties"];
    if (!p.contains("dnsSettings")) p["dnsSettings"] = {{"dnsServers", json::array()}};
    if (!p.contains("enableAcceleratedNetworking")) p["enableAcceleratedNetworking"] = false;
    if (!p.value("ipConfigurations", json()).is_array()) return missing(res, "ipConfigurations");
    for (json& ipc : p["ipConfigurations"]) {
      json& ip = ipc["properties"];
      if (!check_refs(cloud, ip, by, res)) return false;
      if (!ip.contains("privateIPAddressVersion")) ip["privateIPAddressVersion"] = "IPv4";
    }
  }
  return true;
}

bool normalize_extensions(json& profile, const StoredResource* existing, StoredResource& vmss, ArmResponse& res) {
  json kept = existing ? existing->internal.value("protected_settings", json::object()) : json::object();
  json secrets = json::object();
  if (!profile.is_object()) profile = json::object();
  if (!profile.value("extensions", json()).is_array()) profile["extensions"] = json::array();
  for (json& e : profile["extensions"]) {
    if (!is_string(e, "name")) return missing(res, "extensionProfile.extensions.name");
    json& p = e["properties"];
    if (!is_string(p, "publisher") || !is_string(p, "type") || !is_string(p, "typeHandlerVersion"))
      return missing(res, "extensions." + e["name"].get<std::string>() + ".publisher/type/typeHandlerVersion");
    const std::string name = e["name"];
    if (p.contains("protectedSettings")) secrets[name] = p["protectedSettings"];
    else if (kept.contains(name)) secrets[name] = kept[name];
    p.erase("protectedSettings");
    p["provisioningState"] = "Succeeded";
  }
  vmss.internal["protected_settings"] = secrets;
  return true;
}

bool check_quota(const Cloud& cloud, const StoredResource& vmss, int capacity, int before, ArmResponse& res) {
  const VmSize* size = find_vm_size(vmss.body["sku"].value("name", ""));
  if (capacity <= before) return true;
  const int limit = cloud.quotas.dedicated_for(size->family);
  const int used = family_cores_used_by_others(cloud, size->family, vmss.id) + size->cores * before;
  const int required = size->cores * (capacity - before);
  if (used + required <= limit) return true;
  arm_error(res, 409, "OperationNotAllowed",
            "Operation could not be completed as it results in exceeding approved " + size->family +
                " Cores quota. Additional details - Deployment Model: Resource Manager, Location: " +
                vmss.body.value("location", "") + ", Current Limit: " + std::to_string(limit) +
                ", Current Usage: " + std::to_string(used) + ", Additional Required: " + std::to_string(required) +
                ", (Minimum) New Limit Required: " + std::to_string(used + required) +
                ". Submit a request for Quota increase at https://aka.ms/ProdportalCRP.");
  return false;
}

}  // namespace

bool accept_scale_set(Cloud& cloud, const json& request, const StoredResource* existing, StoredResource& vmss,
                      ArmResponse& res) {
  json sku = request.value("sku", json());
  if (!check_sku(sku, res)) return false;
  json p = request.value("properties", json::object());
  json profile = p.value("virtualMachineProfile", json());
  if (!profile.is_object()) return missing(res, "virtualMachineProfile");
  if (!check_image(profile["storageProfile"], request.value("plan", json()), res) ||
      !normalize_os(profile["osProfile"], is_windows(profile["osProfile"], profile["storageProfile"]), existing, vmss,
                    res) ||
      !normalize_network(cloud, profile["networkProfile"], vmss.id, res) ||
      !normalize_extensions(profile["extensionProfile"], existing, vmss, res))
    return false;
  const std::string mode = p.value("upgradePolicy", json::object()).value("mode", "Manual");
  if (mode != "Manual" && mode != "Automatic" && mode != "Rolling")
    return invalid_property(res, "upgradePolicy.mode", "It must be Manual, Automatic or Rolling.");
  vmss.body["sku"] = {{"name", find_vm_size(sku["name"].get<std::string>())->name},
                      {"tier", sku.value("tier", "Standard")},
                      {"capacity", existing ? existing->body["sku"].value("capacity", 0) : 0}};
  const int capacity = sku["capacity"];
  if (!check_quota(cloud, vmss, capacity, existing ? existing->body["sku"].value("capacity", 0) : 0, res)) return false;
  if (request.contains("plan")) vmss.body["plan"] = request["plan"];
  else vmss.body.erase("plan");
  vmss.body["properties"] = {
      {"singlePlacementGroup", p.value("singlePlacementGroup", true)},
      {"overprovision", p.value("overprovision", true)},
      {"doNotRunExtensionsOnOverprovisionedVMs", p.value("doNotRunExtensionsOnOverprovisionedVMs", false)},
      {"upgradePolicy", {{"mode", mode}}},
      {"uniqueId", existing ? existing->body["properties"].value("uniqueId", random_uuid()) : random_uuid()},
      {"virtualMachineProfile", profile}};
  set_capacity(vmss, capacity, cloud.now());
  return true;
}

}  // namespace forma::emulator
