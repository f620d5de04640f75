#include "providers/azure/template_support.h"

#include <algorithm>
#include <functional>
#include <regex>

#include "engine/base/text.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

std::string lower_text(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The template's declaration of parameter `name` (case-insensitive), or null.
const json* declared_parameter(const tmpl::ArmTemplate& t, const std::string& name) {
  auto found = t.document.find("parameters");
  if (found == t.document.end() || !found->is_object()) return nullptr;
  const json& params = *found;
  for (auto it = params.begin(); it != params.end(); ++it)
    if (lower_text(it.key()) == lower_text(name)) return &*it;
  return nullptr;
}

std::string declared_type(const tmpl::ArmTemplate& t, const std::string& name) {
  const json* p = declared_parameter(t, name);
  return p && p->is_object() ? lower_text(p->value("type", "")) : "";
}

void string_leaves(const json& v, std::vector<std::string>& out) {
  if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
  if (v.is_structured())
    for (const auto& e : v) string_leaves(e, out);
}

Diagnostics load_document(const json& config, tmpl::ArmTemplate& out) {
  const json file = config.value("template_file", json());
  const json inline_template = config.value("template", json());
  if (file.is_string() && !inline_template.is_null())
    return {Diagnostic::error("Both template_file and template are set",
                              "A deployment takes its template from one of them; remove the other.", {}, "/template")};
  if (file.is_string()) return tmpl::load_template_file(file.get<std::string>(), out);
  if (inline_template.is_string()) return tmpl::parse_template(inline_template.get<std::string>(), "template", out);
  if (inline_template.is_object()) return tmpl::parse_template(inline_template.dump(), "template", out);
  return {Diagnostic::error("No template", "Set template_file to an ARM template's path, or template to its JSON.", {},
                            "/template_file")};
}

Diagnostics load_parameters(const json& config, const tmpl::ArmTemplate& t, tmpl::ParameterValues& out) {
  Diagnostics diags;
  for (const auto& f : config.value("parameters_files", json::array())) {
    if (!f.is_string()) continue;
    append(diags, tmpl::load_parameters_file(f.get<std::string>(), t, out));
  }
  const json given = config.value("parameters", json::object());
  if (!given.is_object()) return diags;
  for (auto it = given.begin(); it != given.end(); ++it) {
    const std::string type = declared_type(t, it.key());
    if (it->is_string() && type != "string" && type != "securestring" && !type.empty())
      append(diags, tmpl::apply_parameter_override(t, it.key() + "=" + it->get<std::string>(), out));
    else
      out.values[it.key()] = *it;
  }
  return diags;
}

// The id's segments below .../resourceGroups/{g}/providers/, or "" when it lies elsewhere.
std::string below_group(const std::string& id, const std::string& subscription, const std::string& group) {
  const std::string prefix = lower_text("/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/");
  if (!lower_text(id).starts_with(prefix)) return "";
  return id.substr(prefix.size());
}

void collect_strings(const json& v, std::vector<std::string>& out) {
  if (v.is_string()) out.push_back(lower_text(v.get<std::string>()));
  if (v.is_structured())
    for (const auto& e : v) collect_strings(e, out);
}

bool names_resource(const std::string& text, const std::string& id) {
  return text.starts_with(id) && (text.size() == id.size() || text[id.size()] == '/');
}

// The protocol carries no file positions: a template's file:line:col goes
// into the detail, and the diagnostic points at the argument that named the template.
Diagnostics located(Diagnostics diags, const json& config) {
  const char* attribute = config.value("template_file", json()).is_string() ? "/template_file" : "/template";
  for (auto& d : diags) {
    if (d.range.known()) d.detail = "In " + d.range.to_string() + (d.detail.empty() ? "." : ":\n" + d.detail);
    d.range = {};
    d.json_path = attribute;
  }
  return diags;
}

}  // namespace

static Diagnostics bind_unlocated(const json& config, const DeploymentTarget& target, tmpl::ResourceResolver& resolver,
                           BoundTemplate& out) {
  Diagnostics diags = load_document(config, out.document);
  if (has_errors(diags)) return diags;
  tmpl::ParameterValues params;
  append(diags, load_parameters(config, out.document, params));
  if (has_errors(diags)) return diags;
  for (const auto& [name, value] : params.values) {
    const std::string type = declared_type(out.document, name);
    if (type != "securestring" && type != "secureobject") continue;
    out.secure_parameters.push_back(name);
    string_leaves(value, out.secrets);
  }
  tmpl::DeploymentContext ctx;
  ctx.deployment_name = target.name;
  ctx.subscription_id = target.subscription;
  ctx.resource_group = target.resource_group;
  ctx.resource_group_location = target.group_location;
  ctx.tenant_id = target.tenant;
  append(diags, out.deployment.bind(out.document, params, ctx));
  if (has_errors(diags)) return diags;
  append(diags, out.deployment.expand(resolver, out.expanded));
  return diags;
}

Diagnostics bind_template(const json& config, const DeploymentTarget& target, tmpl::ResourceResolver& resolver,
                          BoundTemplate& out) {
  return located(bind_unlocated(config, target, resolver, out), config);
}

Diagnostics group_location(ArmClient& client, const std::string& subscription, const std::string& group,
                           const std::string& fallback, std::string& location, bool& exists) {
  ArmResult r = client.get("/subscriptions/" + subscription + "/resourceGroups/" + group, kResourcesApi);
  exists = r.ok() && !r.not_found();
  if (exists && r.body.is_object() && r.body.value("location", json()).is_string()) {
    location = r.body["location"].get<std::string>();
    return {};
  }
  if (!r.ok()) return {Diagnostic::error("Cannot read resource group " + quote(group), r.error->to_string())};
  location = fallback;  // "" when the group does not exist yet and no location was given
  return {};
}

Diagnostic missing_group(const std::string& group) {
  return Diagnostic::error("Resource group " + quote(group) + " does not exist",
                           "Create it first, or give its location (location = \"eastus\", or -location on the "
                           "command line) so that forma creates it.",
                           {}, "/resource_group");
}

std::string resource_key(const std::string& id, const std::string& subscription, const std::string& group) {
  std::string below = below_group(id, subscription, group);
  return below.empty() ? id : below;
}

json resource_entry(const tmpl::ExpandedResource& r, const std::vector<std::string>& depends_on_keys) {
  return {{"id", r.id},
          {"type", r.type},
          {"api_version", r.api_version},
          {"body", r.body},
          {"depends_on", depends_on_keys}};
}

std::vector<std::vector<size_t>> resource_dependencies(const std::vector<tmpl::ExpandedResource>& resources) {
  std::vector<std::string> ids;
  for (const auto& r : resources) ids.push_back(lower_text(r.id));
  auto index_of = [&](const std::string& id) -> std::optional<size_t> {
    const std::string l = lower_text(id);
    for (size_t i = 0; i < ids.size(); ++i)
      if (ids[i] == l) return i;
    return std::nullopt;
  };
  std::vector<std::vector<size_t>> declared(resources.size()), all(resources.size());
  for (size_t i = 0; i < resources.size(); ++i) {
    for (const auto& d : resources[i].depends_on)
      if (auto j = index_of(d); j && *j != i) declared[i].push_back(*j);
    all[i] = declared[i];
    std::vector<std::string> strings;
    collect_strings(resources[i].body, strings);
    for (size_t j = 0; j < resources.size(); ++j) {
      // A resource's own sub-resources (its frontend's id) and its parent are not references.
      if (j == i || names_resource(ids[i], ids[j]) || names_resource(ids[j], ids[i])) continue;
      for (const auto& s : strings)
        if (names_resource(s, ids[j])) {
          all[i].push_back(j);
          break;
        }
    }
  }
  for (auto* set : {&declared, &all})
    for (auto& d : *set) {
      std::sort(d.begin(), d.end());
      d.erase(std::unique(d.begin(), d.end()), d.end());
    }
  return dependency_graph(all, false).find_cycle() ? declared : all;
}

graph::Graph dependency_graph(const std::vector<std::vector<size_t>>& deps, bool reversed) {
  graph::Graph g;
  for (size_t i = 0; i < deps.size(); ++i) g.add(graph::NodeKind::Resource, std::to_string(i), static_cast<int>(i));
  for (size_t i = 0; i < deps.size(); ++i)
    for (size_t j : deps[i]) {
      if (reversed) g.depend(static_cast<graph::NodeId>(j), static_cast<graph::NodeId>(i));
      else g.depend(static_cast<graph::NodeId>(i), static_cast<graph::NodeId>(j));
    }
  return g;
}

void secret_paths(const json& v, const std::vector<std::string>& secrets, const std::string& at,
                  std::vector<std::string>& out) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    for (const auto& secret : secrets)
      if (s.find(secret) != std::string::npos) {
        out.push_back(at);
        return;
      }
    return;
  }
  if (v.is_object())
    for (auto it = v.begin(); it != v.end(); ++it) secret_paths(*it, secrets, pointer_append(at, it.key()), out);
  if (v.is_array())
    for (size_t i = 0; i < v.size(); ++i) secret_paths(v[i], secrets, pointer_append(at, std::to_string(i)), out);
}

void unknown_paths(const json& v, const std::string& at, std::vector<std::string>& out) {
  if (is_unknown(v)) {
    out.push_back(at);
    return;
  }
  if (v.is_object())
    for (auto it = v.begin(); it != v.end(); ++it) unknown_paths(*it, pointer_append(at, it.key()), out);
  if (v.is_array())
    for (size_t i = 0; i < v.size(); ++i) unknown_paths(v[i], pointer_append(at, std::to_string(i)), out);
}

bool uses_list_function(const json& v) {
  if (v.is_string()) {
    static const std::regex call(R"(\blist\w*\s*\()", std::regex::icase);
    const std::string& s = v.get_ref<const std::string&>();
    return s.starts_with("[") && !s.starts_with("[[") && std::regex_search(s, call);
  }
  if (v.is_structured())
    for (const auto& e : v)
      if (uses_list_function(e)) return true;
  return false;
}


}  // namespace forma::azure
