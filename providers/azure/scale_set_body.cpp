#include "providers/azure/scale_set_body.h"

#include "providers/azure/group_resource.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {

json refs(const json& ids) {
  json out = json::array();
  for (const json& id : list_or_empty(ids))
    if (id.is_string()) out.push_back({{"id", id}});
  return out;
}

json ids_of(const json& refs_in) {
  json out = json::array();
  for (const json& r : list_or_empty(refs_in)) out.push_back(r.value("id", json()));
  return out;
}

json parsed_settings(const json& text) {
  if (!text.is_string()) return json::object();
  json v = json::parse(text.get<std::string>(), nullptr, false);
  return v.is_discarded() ? json::object() : v;
}

json os_profile(const json& planned) {
  const std::string user = string_at(planned, "admin_username");
  json keys = json::array();
  for (const json& k : list_or_empty(planned.value("admin_ssh_keys", json())))
    if (k.is_string()) keys.push_back({{"path", "/home/" + user + "/.ssh/authorized_keys"}, {"keyData", k}});
  json os = {{"computerNamePrefix", planned.value("computer_name_prefix", json())},
             {"adminUsername", user},
             {"linuxConfiguration", {{"disablePasswordAuthentication", !known_string(planned, "admin_password")}}}};
  if (!keys.empty()) os["linuxConfiguration"]["ssh"] = {{"publicKeys", keys}};
  if (known_string(planned, "admin_password")) os["adminPassword"] = planned["admin_password"];
  return os;
}

json extensions(const json& planned) {
  json out = json::array();
  for (const json& e : list_or_empty(planned.value("extensions", json()))) {
    json p = {{"publisher", e.value("publisher", json())},
              {"type", e.value("type", json())},
              {"typeHandlerVersion", e.value("type_handler_version", json())},
              {"autoUpgradeMinorVersion", true},
              {"settings", parsed_settings(e.value("settings", json()))}};
    if (e.value("protected_settings", json()).is_string()) p["protectedSettings"] = parsed_settings(e["protected_settings"]);
    out.push_back({{"name", e.value("name", json())}, {"properties", p}});
  }
  return out;
}

}  // namespace

json scale_set_body(const json& planned) {
  json body = group_resource_body(planned);
  body["sku"] = {{"name", planned.value("vm_size", json())}, {"tier", "Standard"},
                 {"capacity", planned.value("instances", json(0))}};
  if (planned.value("plan", json()).is_object()) body["plan"] = planned["plan"];
  json image = planned.value("source_image", json::object());
  if (!image.value("version", json()).is_string()) image["version"] = "latest";
  json ip = {{"subnet", {{"id", planned.value("subnet_id", json())}}}};
  if (!list_or_empty(planned.value("lb_backend_pool_ids", json())).empty())
    ip["loadBalancerBackendAddressPools"] = refs(planned["lb_backend_pool_ids"]);
  if (!list_or_empty(planned.value("lb_nat_pool_ids", json())).empty())
    ip["loadBalancerInboundNatPools"] = refs(planned["lb_nat_pool_ids"]);
  const std::string nic = string_at(planned, "name") + "nic";
  body["properties"] = {
      {"overprovision", planned.value("overprovision", json(false))},
      {"upgradePolicy", {{"mode", planned.value("upgrade_mode", json("Manual"))}}},
      {"virtualMachineProfile",
       {{"storageProfile", {{"imageReference", image}, {"osDisk", {{"createOption", "FromImage"}, {"caching", "ReadWrite"}}}}},
        {"osProfile", os_profile(planned)},
        {"networkProfile",
         {{"networkInterfaceConfigurations",
           {{{"name", nic},
             {"properties", {{"primary", true}, {"ipConfigurations", {{{"name", nic + "ipconfig"}, {"properties", ip}}}}}}}}}}},
        {"extensionProfile", {{"extensions", extensions(planned)}}}}}};
  return body;
}

json scale_set_parts(const json& body) {
  const json profile = value_at(body, "/properties/virtualMachineProfile");
  const json os = value_at(profile, "/osProfile");
  json keys = json::array();
  for (const json& k : list_or_empty(value_at(os, "/linuxConfiguration/ssh/publicKeys"))) keys.push_back(k.value("keyData", json()));
  const json image = value_at(profile, "/storageProfile/imageReference");
  const json ip = value_at(profile, "/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0/properties");
  json exts = json::array();
  for (const json& e : list_or_empty(value_at(profile, "/extensionProfile/extensions"))) {
    const json p = e.value("properties", json::object());
    exts.push_back({{"name", e.value("name", json())}, {"publisher", p.value("publisher", json())},
                    {"type", p.value("type", json())}, {"type_handler_version", p.value("typeHandlerVersion", json())},
                    {"settings", p.value("settings", json::object()).dump()}, {"protected_settings", nullptr}});
  }
  return {{"vm_size", value_at(body, "/sku/name")},
          {"instances", value_at(body, "/sku/capacity")},
          {"upgrade_mode", value_at(body, "/properties/upgradePolicy/mode")},
          {"overprovision", value_at(body, "/properties/overprovision")},
          {"computer_name_prefix", value_at(os, "/computerNamePrefix")},
          {"admin_username", value_at(os, "/adminUsername")},
          {"admin_password", nullptr},
          {"admin_ssh_keys", keys.empty() ? json() : keys},
          {"source_image", {{"publisher", value_at(image, "/publisher")}, {"offer", value_at(image, "/offer")},
                            {"sku", value_at(image, "/sku")}, {"version", value_at(image, "/version")}}},
          {"plan", body.value("plan", json())},
          {"subnet_id", value_at(ip, "/subnet/id")},
          {"lb_backend_pool_ids", ip.contains("loadBalancerBackendAddressPools") ? ids_of(ip["loadBalancerBackendAddressPools"]) : json()},
          {"lb_nat_pool_ids", ip.contains("loadBalancerInboundNatPools") ? ids_of(ip["loadBalancerInboundNatPools"]) : json()},
          {"extensions", exts.empty() ? json() : exts}};
}

json dsvm_image() {
  return {{"publisher", "microsoft-ads"}, {"offer", "linux-data-science-vm-ubuntu"}, {"sku", "linuxdsvmubuntu"},
          {"version", "latest"}};
}

json plan_for_image(const json& image) {
  return {{"name", image.value("sku", json())}, {"publisher", image.value("publisher", json())},
          {"product", image.value("offer", json())}};
}

}  // namespace forma::azure
