#include "providers/azure/group_resource.h"

#include "providers/azure/names.h"
#include "providers/azure/resources.h"
#include "providers/azure/state_values.h"

namespace forma::azure {

sdk::Attributes group_resource_attributes(const std::string& what) {
  return {
      {"name", {.type = "string", .required = true, .force_new = true, .description = "Name of the " + what + "."}},
      {"resource_group", {.type = "string", .required = true, .force_new = true,
                          .description = "Resource group of the " + what + "."}},
      {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                    .description = "Region; defaults to the provider's location."}},
      {"tags", {.type = "map(string)", .optional = true, .description = "Tags."}},
      {"id", {.type = "string", .computed = true, .description = "ARM id."}},
  };
}

Status group_resource_id(const json& state, const std::string& subscription, const std::string& provider,
                         const std::string& type, std::string& id) {
  if (!known_string(state, "name") || !known_string(state, "resource_group"))
    return Status::error("The name or resource group is not known.");
  id = arm_resource_id(subscription, string_at(state, "resource_group"), provider, {{type, string_at(state, "name")}});
  return Status::ok();
}

json group_resource_body(const json& planned) {
  json body = {{"location", planned.value("location", json())}};
  if (planned.value("tags", json()).is_object()) body["tags"] = planned["tags"];
  return body;
}

json group_resource_state(const json& known, const ArmId& id, const json& body) {
  json location = body.value("location", json());
  if (location.is_null() || same_location(known.value("location", json()), location))
    location = known.value("location", json());
  return {{"name", id.name()},
          {"resource_group", id.resource_group},
          {"location", location},
          {"tags", observed_tags(known, body)},
          {"id", id.to_string()}};
}

json list_or_empty(const json& v) { return v.is_array() ? v : json::array(); }

json known_or(const json& known, const char* key, const json& reported) {
  const json v = known.is_object() ? known.value(key, json()) : json();
  return v.is_null() ? reported : v;
}

Diagnostics GroupResource::validate(const json& config) const {
  Diagnostics diags;
  check_name(config, "resource_group", NameRule::ResourceGroup, diags);
  return diags;
}

}  // namespace forma::azure
