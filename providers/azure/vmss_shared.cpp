#include "providers/azure/vmss_shared.h"

#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/resources.h"
#include "providers/azure/state_values.h"

namespace forma::azure {

sdk::Attribute vmss_extensions_attribute() {
  return {.type = "list(object)", .optional = true,
          .description = "VM extensions, e.g. CustomScript (publisher Microsoft.Azure.Extensions, version 2.0).",
          .attributes = {
              {"name", {.type = "string", .required = true}},
              {"publisher", {.type = "string", .required = true}},
              {"type", {.type = "string", .required = true}},
              {"type_handler_version", {.type = "string", .required = true}},
              {"settings", {.type = "string", .optional = true, .description = "JSON, e.g. {\"fileUris\": […]}."}},
              {"protected_settings", {.type = "string", .optional = true, .sensitive = true,
                                      .description = "JSON, e.g. {\"commandToExecute\": …}; never returned by Azure."}},
          }};
}

sdk::Attribute vmss_nodes_attribute() {
  return {.type = "list(object)", .computed = true,
          .description = "One {node_id, ip_address, port, state} per instance: ssh -p PORT USER@IP. Changes by itself; "
                         "never a diff.",
          .attributes = {{"node_id", {.type = "string", .computed = true}},
                         {"ip_address", {.type = "string", .computed = true}},
                         {"port", {.type = "number", .computed = true}},
                         {"state", {.type = "string", .computed = true}}}};
}

json observed_extensions(const json& known, const json& reported) {
  if (!reported.is_array()) return reported;
  json out = reported;
  for (json& e : out)
    for (const json& k : list_or_empty(known)) {
      if (k.value("name", json()) != e.value("name", json())) continue;
      e["protected_settings"] = k.value("protected_settings", json());
      const json mine = json::parse(k.value("settings", json("{}")).is_string() ? k.value("settings", std::string("{}")) : "{}", nullptr, false);
      const json theirs = json::parse(e.value("settings", std::string("{}")), nullptr, false);
      if (mine == theirs || (k.value("settings", json()).is_null() && theirs == json::object())) e["settings"] = k.value("settings", json());
    }
  return out;
}

Diagnostics autoscale_governs(ArmClient& client, const std::string& scale_set_id, bool& governed) {
  governed = false;
  auto id = parse_arm_id(scale_set_id);
  if (!id) return {};
  const std::string list_path = resource_group_id(id->subscription, id->resource_group) +
                                "/providers/Microsoft.Insights/autoscalesettings";
  ArmResult list = client.get(list_path, kInsightsApi);
  if (list.not_found()) return {};
  if (!list.ok()) return {arm_failure("list the autoscale settings of", "resource group " + id->resource_group, *list.error)};
  for (const json& s : list.body.value("value", json::array()))
    if (iequals(string_at(value_at(s, "/properties"), "targetResourceUri"), scale_set_id) &&
        value_at(s, "/properties/enabled") != json(false))
      governed = true;
  return {};
}

Diagnostics governed_capacity(ArmClient& client, json& state) {
  bool governed = false;
  Diagnostics diags = autoscale_governs(client, string_at(state, "id"), governed);
  state["autoscaled"] = governed;
  if (!governed) state["instances"] = state.value("current_instances", json());
  return diags;
}

}  // namespace forma::azure
