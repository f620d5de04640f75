// Resource functions: resourceId and its scoped variants, reference, list*,
// providers and pickZones. reference() and list*() go through the
// ResourceResolver and record an implicit dependency on template resources.
#include "providers/azure/template/functions.h"
#include "providers/azure/template/resource_ids.h"

namespace forma::azure::tmpl {
namespace {

size_t type_position(Call& c, size_t max_prefix) {
  for (size_t i = 0; i < c.args.size() && i <= max_prefix; ++i)
    if (c.str(i).find('/') != std::string::npos) return i;
  c.error("expects a resource type such as 'Microsoft.Network/virtualNetworks' among its first " +
          std::to_string(max_prefix + 1) + " argument(s)");
}

std::string id_from(Call& c, const std::string& prefix, size_t type_at) {
  std::vector<std::string> names;
  for (size_t i = type_at + 1; i < c.args.size(); ++i) names.push_back(c.str(i));
  std::string error;
  std::string id = make_resource_id(prefix, c.str(type_at), names, error);
  if (id.empty()) c.error(error);
  return id;
}

json fn_resource_id(Call& c) {
  size_t at = type_position(c, 2);
  std::string sub = c.scope.ctx.subscription_id, rg = c.scope.ctx.resource_group;
  if (at == 1) rg = c.str(0);
  if (at == 2) sub = c.str(0), rg = c.str(1);
  return id_from(c, "/subscriptions/" + sub + "/resourceGroups/" + rg, at);
}

json fn_subscription_resource_id(Call& c) {
  size_t at = type_position(c, 1);
  std::string sub = at == 1 ? c.str(0) : c.scope.ctx.subscription_id;
  return id_from(c, "/subscriptions/" + sub, at);
}

json fn_tenant_resource_id(Call& c) { return id_from(c, "", type_position(c, 0)); }

json fn_extension_resource_id(Call& c) {
  if (c.args.size() < 3) c.error("expects a resource id, a type and its names");
  std::string scope = c.str(0);
  while (!scope.empty() && scope.back() == '/') scope.pop_back();
  return id_from(c, scope, 1);
}

// The id a reference()/list*() argument names, and the template resource it is, or -1.
std::pair<std::string, int> target_of(Call& c, const std::string& arg) {
  auto& scope = c.scope;
  if (!arg.empty() && arg[0] == '/') return {arg, scope.find_resource(arg)};
  int found = -1;
  for (size_t i = 0; i < scope.resources.size(); ++i) {
    if (!iequals(scope.resources[i].name, arg)) continue;
    if (found >= 0 && !iequals(scope.resources[found].type, scope.resources[i].type))
      c.error("finds more than one resource named '" + arg + "'; pass its resourceId(...) instead");
    found = static_cast<int>(i);
  }
  if (found < 0)
    c.error("finds no resource named '" + arg + "' in the template; pass a resource id for other resources");
  return {scope.resources[found].id, found};
}

void require_reference_allowed(Call& c) {
  if (!c.frame.allow_reference)
    c.error(std::string("cannot be used ") + c.frame.reference_forbidden_reason +
            ": ARM evaluates it only in resource properties and outputs");
}

std::string api_version_for(Call& c, int resource, size_t arg) {
  if (c.args.size() > arg && c.args[arg].is_string()) return c.args[arg].get<std::string>();
  if (resource >= 0) return c.scope.resources[resource].api_version;
  c.error("needs an apiVersion for a resource that is not in the template");
}

std::pair<std::string, int> resolve_target(Call& c) {
  require_reference_allowed(c);
  auto [id, resource] = target_of(c, c.str(0));
  if (resource >= 0) {
    if (!c.scope.resources[resource].enabled)
      c.error("refers to '" + id + "', which is not deployed because its condition is false");
    if (c.frame.references) c.frame.references->insert(c.scope.resources[resource].id);
  }
  return {id, resource};
}

json fn_reference(Call& c) {
  auto [id, resource] = resolve_target(c);
  std::string api = api_version_for(c, resource, 1);
  bool full = c.args.size() > 2 && iequals(c.str(2), "Full");
  if (!c.frame.resolver) return unknown_value();
  std::string error;
  auto body = c.frame.resolver->get(id, api, error);
  if (!body) c.error("could not read '" + id + "': " + error);
  if (is_unknown(*body)) return unknown_value();
  if (full) {
    json out = *body;
    if (out.is_object() && !out.contains("apiVersion")) out["apiVersion"] = api;
    return out;
  }
  return body->is_object() && body->contains("properties") ? (*body)["properties"] : json::object();
}

json fn_list(Call& c) {
  auto [id, resource] = resolve_target(c);
  if (c.args.size() < 2) c.error("expects a resource id and an apiVersion");
  std::string api = c.str(1);
  json values = c.args.size() > 2 ? c.args[2] : json();
  if (!c.frame.resolver) return unknown_value();
  std::string error;
  auto result = c.frame.resolver->list(id, c.name, api, values, error);
  if (!result) c.error("could not call " + c.name + " on '" + id + "': " + error);
  return *result;
}

json provider_info(Call& c, const std::string& ns) {
  if (!c.frame.resolver) return unknown_value();
  std::string error;
  auto info = c.frame.resolver->get("/subscriptions/" + c.scope.ctx.subscription_id + "/providers/" + ns,
                                    "2021-04-01", error);
  if (!info) c.error("could not read the provider '" + ns + "': " + error);
  return *info;
}

const json* find_type(const json& info, const std::string& type) {
  if (!info.contains("resourceTypes") || !info["resourceTypes"].is_array()) return nullptr;
  for (const auto& t : info["resourceTypes"])
    if (t.is_object() && iequals(t.value("resourceType", std::string()), type)) return &t;
  return nullptr;
}

json fn_providers(Call& c) {
  json info = provider_info(c, c.str(0));
  if (is_unknown(info)) return info;
  if (c.args.size() < 2)
    return {{"namespace", c.str(0)}, {"resourceTypes", info.value("resourceTypes", json::array())}};
  const json* t = find_type(info, c.str(1));
  if (!t) c.error("finds no resource type '" + c.str(1) + "' in the provider '" + c.str(0) + "'");
  return {{"resourceType", c.str(1)},
          {"locations", t->value("locations", json::array())},
          {"apiVersions", t->value("apiVersions", json::array())}};
}

json fn_pick_zones(Call& c) {
  int64_t count = c.args.size() > 3 ? c.integer(3) : 1, offset = c.args.size() > 4 ? c.integer(4) : 0;
  json info = provider_info(c, c.str(0));
  if (is_unknown(info)) return info;
  const json* t = find_type(info, c.str(1));
  json zones = json::array();
  auto squash = [](std::string s) {
    std::string out;
    for (char ch : lower(s))
      if (ch != ' ') out += ch;
    return out;
  };
  if (t && t->contains("zoneMappings"))
    for (const auto& m : (*t)["zoneMappings"])
      if (squash(m.value("location", std::string())) == squash(c.str(2)))
        zones = m.value("zones", json::array());
  std::vector<std::string> sorted;
  for (const auto& z : zones) sorted.push_back(to_display_string(z));
  std::sort(sorted.begin(), sorted.end());
  json out = json::array();
  for (int64_t i = offset; i < offset + count && i < static_cast<int64_t>(sorted.size()); ++i)
    out.push_back(sorted[static_cast<size_t>(i)]);
  return out;
}

}  // namespace

void add_resource_functions(std::vector<Builtin>& out) {
  out.insert(out.end(), {
                            {"resourceId", 2, -1, fn_resource_id},
                            {"subscriptionResourceId", 2, -1, fn_subscription_resource_id},
                            {"tenantResourceId", 2, -1, fn_tenant_resource_id},
                            {"extensionResourceId", 3, -1, fn_extension_resource_id},
                            {"reference", 1, 3, fn_reference},
                            {"list*", 2, 3, fn_list},
                            {"providers", 1, 2, fn_providers},
                            {"pickZones", 3, 5, fn_pick_zones},
                        });
}

}  // namespace forma::azure::tmpl
