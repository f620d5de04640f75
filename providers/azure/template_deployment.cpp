// azure_template_deployment: an ARM template deployed by forma itself. The
// template is expanded into its concrete resources (providers/azure/template)
// and each is PUT by id and apiVersion through the ARM client (retries,
// long-running operations), in dependency order and in parallel over the
// engine's graph walk. State records, per resource, the body forma sent; a
// plan diffs the new expansion against that record (not against a live GET,
// so read-only and defaulted properties are never changes), and a refresh
// overlays what Azure reports on the paths forma sent, which is drift.
#include <mutex>
#include <set>

#include "engine/base/text.h"
#include "engine/graph/walk.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/pool_nodes.h"
#include "providers/azure/resources.h"
#include "providers/azure/state_values.h"
#include "providers/azure/template_support.h"

namespace forma::azure {
namespace {

using sdk::Attribute;
using sdk::computed_attribute;
using sdk::optional_attribute;

constexpr int kParallelism = 10;
constexpr const char* kScaleSetType = "microsoft.compute/virtualmachinescalesets";

std::string lower_text(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// reference() and list*() against what exists now. At plan a resource
// that does not exist yet is unknown; at apply it is an error. Whatever a
// list*() returns (keys, secrets) is remembered as secret.
class LiveResolver : public tmpl::ResourceResolver {
 public:
  LiveResolver(ArmClient& client, bool planning, std::vector<std::string>& secrets)
      : client_(client), planning_(planning), secrets_(secrets) {}
  std::optional<json> get(const std::string& id, const std::string& api_version, std::string& error) override {
    ArmResult r = client_.get(id, api_version);
    if (r.ok() && !r.not_found()) return r.body;
    if (planning_ && r.not_found()) return unknown_value();
    error = r.ok() ? "it does not exist" : r.error->to_string();
    return std::nullopt;
  }
  std::optional<json> list(const std::string& id, const std::string& function, const std::string& api_version,
                           const json& body, std::string& error) override {
    ArmResult r = client_.post(id + "/" + function, api_version, body);
    if (r.ok()) {
      std::lock_guard lock(mu_);
      string_values(r.body, secrets_);
      return r.body;
    }
    if (planning_ && r.not_found()) return unknown_value();
    error = r.error->to_string();
    return std::nullopt;
  }

 private:
  static void string_values(const json& v, std::vector<std::string>& out) {
    if (v.is_string() && v.get<std::string>().size() >= 8) out.push_back(v.get<std::string>());
    if (v.is_structured())
      for (const auto& e : v) string_values(e, out);
  }
  ArmClient& client_;
  const bool planning_;
  std::vector<std::string>& secrets_;
  std::mutex mu_;
};

// The properties that differ, as paths: sku.capacity, properties.subnets[0].name.
void changed_paths(const json& before, const json& after, const std::string& at, std::vector<std::string>& out) {
  if (before == after) return;
  if (before.is_object() && after.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : before.items()) keys.insert(k);
    for (const auto& [k, v] : after.items()) keys.insert(k);
    for (const auto& k : keys)
      changed_paths(before.value(k, json()), after.value(k, json()), at.empty() ? k : at + "." + k, out);
    return;
  }
  if (before.is_array() && after.is_array() && before.size() == after.size()) {
    for (size_t i = 0; i < before.size(); ++i) changed_paths(before[i], after[i], at + "[" + std::to_string(i) + "]", out);
    return;
  }
  out.push_back(at);
}

std::string change_detail(const json& before, const json& after) {
  std::vector<std::string> paths;
  changed_paths(before, after, "", paths);
  std::string out;
  for (size_t i = 0; i < paths.size() && i < 5; ++i) out += (out.empty() ? "" : ", ") + paths[i];
  if (paths.size() > 5) out += ", and " + std::to_string(paths.size() - 5) + " more";
  return out;
}

// The newest stable api-version the resource provider registers for the
// type of `id`, for deleting what no template declared; the resources API's
// when the provider does not say.
std::string registered_api_version(ArmClient& client, const std::string& subscription, const std::string& id) {
  const std::string marker = "/providers/";
  const size_t at = lower_text(id).rfind(marker);
  if (at == std::string::npos) return kResourcesApi;
  std::string rest = id.substr(at + marker.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return kResourcesApi;
  const std::string ns = rest.substr(0, slash);
  std::string type = rest.substr(slash + 1);
  type = type.substr(0, type.find('/'));
  ArmResult r = client.get("/subscriptions/" + subscription + "/providers/" + ns, kResourcesApi);
  if (!r.ok() || r.not_found() || !r.body.is_object()) return kResourcesApi;
  for (const auto& t : r.body.value("resourceTypes", json::array())) {
    if (lower_text(t.value("resourceType", "")) != lower_text(type)) continue;
    std::string best;
    for (const auto& v : t.value("apiVersions", json::array()))
      if (v.is_string() && v.get<std::string>().find("preview") == std::string::npos && v.get<std::string>() > best)
        best = v.get<std::string>();
    if (!best.empty()) return best;
  }
  return kResourcesApi;
}

// "resources[2] (Microsoft.Compute/virtualMachineScaleSets/team)"
std::string describe(const tmpl::ExpandedResource& r) {
  return r.declaration_path + " (" + r.type + "/" + r.name + ")";
}

class TemplateDeployment : public sdk::Resource {
 public:
  explicit TemplateDeployment(ContextPtr context) : context_(std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    sdk::ResourceSchema s;
    s.description =
        "An ARM template deployed by forma: each of its resources is created, updated and recorded on its own, "
        "in dependency order, and the plan shows each (Create, Modify, Delete, NoChange, Ignore).";
    s.attributes = {
        {"name", {.type = "string", .required = true,
                  .description = "The deployment's name, as deployment().name gives it."}},
        {"resource_group", {.type = "string", .required = true, .force_new = true,
                            .description = "The resource group the template deploys into."}},
        {"location", {.type = "string", .optional = true,
                      .description = "The group's location when it does not exist yet (resourceGroup().location)."}},
        {"template_file", {.type = "string", .optional = true,
                           .description = "Path of the template (JSON, comments allowed)."}},
        {"template", {.type = "any", .optional = true,
                      .description = "The template itself, as an object or JSON text, instead of template_file."}},
        {"parameters_files", {.type = "list(string)", .optional = true,
                              .description = "Parameter files ({\"parameters\": {\"x\": {\"value\": …}}}), in order."}},
        {"parameters", {.type = "any", .optional = true,
                        .description = "Parameter values by name, over the files'; a string is converted to the "
                                       "parameter's type. Secure parameters are kept out of output."}},
        {"mode", optional_attribute("string", "incremental",
                                    "incremental leaves other resources of the group alone; complete deletes them.")},
        {"id", computed_attribute("string", "The id ARM gives a deployment of this name in the group.")},
        {"resources", computed_attribute("any",
                                         "Each resource as deployed: {id, type, api_version, body, depends_on}, by "
                                         "its id below the group (Microsoft.Network/virtualNetworks/vnet).")},
        {"outputs", computed_attribute("any", "The template's outputs by name.")},
        {"nodes", computed_attribute("list(object)",
                                     "Instances of the template's scale sets: node_id, ip_address, port, state.")},
        {"deletes", computed_attribute("list(string)",
                                       "Complete mode: ids of the group's other resources the apply deletes.")},
        {"created_group", computed_attribute("bool",
                                             "Whether forma created the resource group (from location); destroy "
                                             "then deletes it once it is empty.")},
    };
    return s;
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    const json mode = config.value("mode", json("incremental"));
    if (mode.is_string() && mode != "incremental" && mode != "complete")
      diags.push_back(Diagnostic::error("Invalid mode " + quote(mode.get<std::string>()),
                                        "mode is incremental (the default) or complete.", {}, "/mode"));
    const bool file = config.contains("template_file") && !config["template_file"].is_null();
    const bool inline_template = config.contains("template") && !config["template"].is_null();
    if (file == inline_template)
      diags.push_back(Diagnostic::error(file ? "Both template_file and template are set" : "No template",
                                        "Give the template as template_file (a path) or template (its JSON), one of them.",
                                        {}, "/template_file"));
    return diags;
  }

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override;
  sdk::StateResult create(const sdk::ApplyRequest& request) override { return deploy(request); }
  sdk::StateResult update(const sdk::ApplyRequest& request) override { return deploy(request); }
  sdk::StateResult read(const sdk::ReadRequest& request) override;
  Diagnostics remove(const sdk::ApplyRequest& request) override;

 private:
  DeploymentTarget target(const json& config, ArmClient& client, Diagnostics& diags) const {
    DeploymentTarget t;
    t.name = string_at(config, "name");
    t.subscription = context_->subscription_id();
    t.resource_group = string_at(config, "resource_group");
    t.tenant = context_->env()("ARM_TENANT_ID").value_or("");
    append(diags, group_location(client, t.subscription, t.resource_group, string_at(config, "location"),
                                 t.group_location, t.group_exists));
    return t;
  }
  std::string deployment_id(const json& config) const {
    return "/subscriptions/" + context_->subscription_id() + "/resourceGroups/" + string_at(config, "resource_group") +
           "/providers/Microsoft.Resources/deployments/" + string_at(config, "name");
  }
  std::string key_of(const json& config, const std::string& id) const {
    return resource_key(id, context_->subscription_id(), string_at(config, "resource_group"));
  }
  // The group's top-level resources not in `keep` (ids, lower case).
  std::vector<std::string> others_in_group(ArmClient& client, const json& config, const std::set<std::string>& keep,
                                           Diagnostics& diags) const;
  json scale_set_nodes(ArmClient& client, const json& resources, Diagnostics& diags) const;
  sdk::StateResult deploy(const sdk::ApplyRequest& request);

  ContextPtr context_;
};

std::vector<std::string> TemplateDeployment::others_in_group(ArmClient& client, const json& config,
                                                             const std::set<std::string>& keep,
                                                             Diagnostics& diags) const {
  std::vector<std::string> out;
  ArmResult r = client.get("/subscriptions/" + context_->subscription_id() + "/resourceGroups/" +
                               string_at(config, "resource_group") + "/resources",
                           kResourcesApi);
  if (r.not_found()) return out;
  if (!r.ok()) {
    diags.push_back(Diagnostic::error("Cannot list the resources of group " + quote(string_at(config, "resource_group")),
                                      r.error->to_string()));
    return out;
  }
  for (const auto& e : r.body.value("value", json::array())) {
    const std::string id = e.value("id", "");
    if (!id.empty() && !keep.count(lower_text(id))) out.push_back(id);
  }
  return out;
}

json TemplateDeployment::scale_set_nodes(ArmClient& client, const json& resources, Diagnostics& diags) const {
  json nodes = json::array();
  for (const auto& [key, e] : resources.items()) {
    if (lower_text(e.value("type", "")) != kScaleSetType) continue;
    ArmResult got = client.get(e.value("id", ""), e.value("api_version", kComputeApi));
    if (!got.ok() || got.not_found()) continue;
    json found;
    append(diags, list_pool_nodes(client, got.body, found));
    if (found.is_array())
      for (auto& n : found) nodes.push_back(n);
  }
  return nodes;
}

void TemplateDeployment::customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const {
  json& planned = change.planned_state;
  const json& config = request.config;
  const json& prior = request.prior_state;
  auto all_unknown = [&] {
    for (const char* k : {"id", "resources", "outputs", "nodes", "deletes", "created_group"}) planned[k] = unknown_value();
  };
  for (const char* k : {"name", "resource_group", "location", "template_file", "template", "parameters_files",
                        "parameters", "mode"})
    if (contains_unknown(config.value(k, json()))) return all_unknown();

  auto client = context_->require_client(change.diagnostics);
  if (!client) return;
  DeploymentTarget t = target(config, *client, change.diagnostics);
  if (has_errors(change.diagnostics)) return;
  // A group this plan creates: resourceGroup().location is known once it exists.
  if (t.group_location.empty()) {
    change.diagnostics.push_back(Diagnostic::warning(
        "Resource group " + quote(t.resource_group) + " does not exist yet",
        "The template's resources are known once it does. If nothing in this configuration creates it, create it "
        "first or set location (-location on the command line) so that forma does.",
        {}, "/resource_group"));
    return all_unknown();
  }
  // reference() and list*() of resources that exist already are read now, as ARM reads them.
  BoundTemplate bound;
  LiveResolver existing(*client, true, bound.secrets);
  append(change.diagnostics, bind_template(config, t, existing, bound));
  if (has_errors(change.diagnostics)) return;

  const auto& expanded = bound.expanded.resources;
  auto deps = resource_dependencies(expanded);
  const json before = prior.is_object() ? prior.value("resources", json::object()) : json::object();
  json resources = json::object();
  json nested = json::array();
  bool any_change = false, scale_set_changes = false;
  std::set<std::string> keep;
  for (size_t i = 0; i < expanded.size(); ++i) {
    const auto& r = expanded[i];
    std::vector<std::string> dep_keys;
    for (size_t j : deps[i]) dep_keys.push_back(key_of(config, expanded[j].id));
    const std::string key = key_of(config, r.id);
    json entry = resource_entry(r, dep_keys);
    keep.insert(lower_text(r.id));
    const json* was = before.is_object() && before.contains(key) ? &before[key] : nullptr;
    std::string action = "no-change", detail;
    if (!was) {
      action = "create";
    } else if ((*was)["body"] != entry["body"] || (*was).value("api_version", "") != r.api_version) {
      action = "modify";
      detail = change_detail((*was)["body"], entry["body"]);
      if ((*was).value("api_version", "") != r.api_version)
        detail += std::string(detail.empty() ? "" : ", ") + "apiVersion " + (*was).value("api_version", "") + " -> " +
                  r.api_version;
    }
    if (action != "no-change") {
      any_change = true;
      if (lower_text(r.type) == kScaleSetType) scale_set_changes = true;
    }
    json line = {{"action", action}, {"resource", key}};
    if (!detail.empty()) line["detail"] = detail;
    nested.push_back(line);
    resources[key] = entry;
  }
  const bool complete = config.value("mode", json("incremental")) == "complete";
  for (const auto& [key, e] : before.items()) {
    if (resources.contains(key)) continue;
    any_change = true;
    nested.push_back({{"action", complete ? "delete" : "ignore"},
                      {"resource", key},
                      {"detail", complete ? "no longer in the template" : "no longer in the template; left in place and "
                                                                          "forgotten (incremental mode)"}});
    keep.insert(lower_text(e.value("id", "")));
  }
  json deletes = json::array();
  for (const auto& id : others_in_group(*client, config, keep, change.diagnostics)) {
    const std::string key = key_of(config, id);
    if (complete) deletes.push_back(id);
    nested.push_back({{"action", complete ? "delete" : "ignore"},
                      {"resource", key},
                      {"detail", complete ? "not in the template (complete mode)" : "not in the template"}});
  }
  if (!deletes.empty()) any_change = true;

  planned["id"] = deployment_id(config);
  const bool created_before = prior.is_object() && prior.value("created_group", json(false)) == true;
  planned["created_group"] = created_before || !t.group_exists;
  planned["resources"] = resources;
  planned["deletes"] = deletes;
  json outputs = json::object();
  const json prior_outputs = prior.is_object() ? prior.value("outputs", json::object()) : json::object();
  for (const auto& o : bound.expanded.outputs) {
    json v = o.value;
    // reference() is unknown at plan; with nothing to change, the output is what the last apply found.
    if (contains_unknown(v) && !any_change && prior_outputs.is_object() && prior_outputs.contains(o.name))
      v = prior_outputs[o.name];
    outputs[o.name] = v;
    if (o.sensitive) change.sensitive_paths.push_back(pointer_append("/outputs", o.name));
  }
  planned["outputs"] = outputs;
  const json prior_nodes = prior.is_object() ? prior.value("nodes", json()) : json();
  planned["nodes"] = scale_set_changes || !prior_nodes.is_array() ? unknown_value() : prior_nodes;

  secret_paths(planned["resources"], bound.secrets, "/resources", change.sensitive_paths);
  secret_paths(planned["outputs"], bound.secrets, "/outputs", change.sensitive_paths);
  // What a list*() of a resource not made yet returns is a secret too, once known.
  if (uses_list_function(bound.document.document.value("resources", json())))
    unknown_paths(planned["resources"], "/resources", change.sensitive_paths);
  const json declared_outputs = bound.document.document.value("outputs", json::object());
  for (const auto& o : bound.expanded.outputs)
    if (declared_outputs.is_object() && declared_outputs.contains(o.name) && uses_list_function(declared_outputs[o.name]))
      change.sensitive_paths.push_back(pointer_append("/outputs", o.name));
  for (const auto& name : bound.secure_parameters)
    if (config.value("parameters", json::object()).is_object() && config["parameters"].contains(name))
      change.sensitive_paths.push_back(pointer_append("/parameters", name));
  std::sort(change.sensitive_paths.begin(), change.sensitive_paths.end());
  change.sensitive_paths.erase(std::unique(change.sensitive_paths.begin(), change.sensitive_paths.end()),
                               change.sensitive_paths.end());
  change.nested_changes = nested;
}

sdk::StateResult TemplateDeployment::deploy(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  const json& config = request.config;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  DeploymentTarget t = target(config, *client, out.diagnostics);
  if (!has_errors(out.diagnostics) && t.group_location.empty())
    out.diagnostics.push_back(missing_group(t.resource_group));
  if (has_errors(out.diagnostics)) return out;
  const bool created_before =
      request.prior_state.is_object() && request.prior_state.value("created_group", json(false)) == true;
  if (!t.group_exists) {
    ArmResult made = client->put("/subscriptions/" + t.subscription + "/resourceGroups/" + t.resource_group,
                                 kResourcesApi, {{"location", t.group_location}});
    if (!made.ok()) {
      out.diagnostics.push_back(arm_failure("create the resource group of", request.address, *made.error));
      return out;
    }
  }
  // Bind with the live resolver: bodies are evaluated again, one by one, as their dependencies come to exist.
  BoundTemplate bound;
  tmpl::UnknownResolver unknown;
  append(out.diagnostics, bind_template(config, t, unknown, bound));
  if (has_errors(out.diagnostics)) return out;

  const auto& expanded = bound.expanded.resources;
  const auto deps = resource_dependencies(expanded);
  const json before = request.prior_state.is_object() ? request.prior_state.value("resources", json::object())
                                                      : json::object();
  LiveResolver live(*client, false, bound.secrets);
  std::mutex mu;
  json done = json::object();
  Diagnostics failures;
  graph::Graph g = dependency_graph(deps, false);
  graph::WalkOptions options;
  options.parallelism = kParallelism;
  graph::walk(g, options, [&](graph::NodeId id) {
    graph::Visit v;
    const auto& declared = expanded[static_cast<size_t>(id)];
    tmpl::ExpandedResource r;
    Diagnostics d;
    {
      std::lock_guard lock(mu);  // the template's evaluation state is not shared between threads
      d = bound.deployment.evaluate_resource(declared.id, live, r);
    }
    std::vector<std::string> dep_keys;
    for (size_t j : deps[static_cast<size_t>(id)]) dep_keys.push_back(key_of(config, expanded[j].id));
    const std::string key = key_of(config, declared.id);
    if (!has_errors(d)) {
      const json* was = before.contains(key) ? &before[key] : nullptr;
      if (!(was && (*was)["body"] == r.body && was->value("api_version", "") == r.api_version)) {
        ArmResult put = client->put(r.id, r.api_version, r.body);
        if (!put.ok())
          d.push_back(Diagnostic::error("Cannot deploy " + describe(r) + " of " + request.address,
                                        put.error->to_string() + "\n" + arm_advice(put.error->code, put.error->http_status)));
      }
    }
    std::lock_guard lock(mu);
    if (has_errors(d)) {
      append(failures, d);
      v.ok = false;
      return v;
    }
    done[key] = resource_entry(r, dep_keys);
    return v;
  });

  // Resources the template no longer has: deleted in complete mode, forgotten otherwise.
  const bool complete = config.value("mode", json("incremental")) == "complete";
  std::vector<std::string> to_delete;
  for (const auto& [key, e] : before.items()) {
    bool planned_here = false;
    for (const auto& r : expanded) planned_here = planned_here || key_of(config, r.id) == key;
    if (planned_here) {
      if (!done.contains(key)) done[key] = e;  // not reached this time: keep what the last apply made
      continue;
    }
    if (complete) to_delete.push_back(e.value("id", "") + "\n" + e.value("api_version", ""));
  }
  for (const auto& id : request.planned_state.value("deletes", json::array()))
    if (id.is_string()) to_delete.push_back(id.get<std::string>() + "\n");
  for (const auto& entry : to_delete) {
    const std::string id = entry.substr(0, entry.find('\n'));
    std::string api = entry.substr(entry.find('\n') + 1);
    if (api.empty()) api = registered_api_version(*client, context_->subscription_id(), id);
    ArmResult r = client->remove(id, api);
    if (!r.ok()) failures.push_back(Diagnostic::error("Cannot delete " + id + " (complete mode) for " + request.address,
                                                      r.error->to_string()));
  }

  json state = request.planned_state;
  state["created_group"] = created_before || !t.group_exists;
  state["resources"] = done;
  state["deletes"] = json::array();
  std::vector<tmpl::TemplateOutput> outputs;
  json out_values = request.prior_state.is_object() ? request.prior_state.value("outputs", json::object())
                                                    : json::object();
  if (failures.empty()) {
    append(failures, bound.deployment.evaluate_outputs(live, outputs));
    out_values = json::object();
    for (const auto& o : outputs) out_values[o.name] = o.value;
  }
  state["outputs"] = without_unknowns(out_values);
  for (const auto& [key, e] : done.items())
    if (lower_text(e.value("type", "")) == kScaleSetType)
      append(failures, wait_for_running_instances(*client, e.value("id", "")));
  state["nodes"] = scale_set_nodes(*client, done, failures);
  state = without_unknowns(state);
  out.state = state;
  append(out.diagnostics, failures);
  out.partial = has_errors(out.diagnostics);
  return out;
}

sdk::StateResult TemplateDeployment::read(const sdk::ReadRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  json state = request.state;
  json recorded = state.value("resources", json::object());
  if (!recorded.is_object()) recorded = json::object();
  json now = json::object();
  for (const auto& [key, e] : recorded.items()) {
    const std::string id = e.value("id", "");
    if (id.empty() || is_unknown(e.value("id", json()))) continue;
    ArmResult got = client->get(id, e.value("api_version", kResourcesApi));
    if (got.not_found()) continue;  // deleted outside forma: the next plan creates it again
    json entry = e;
    if (!got.ok()) {
      out.diagnostics.push_back(Diagnostic::warning("Cannot read " + key + " of " + request.address, got.error->to_string()));
    } else {
      entry["body"] = tmpl::observed_body(e.value("body", json::object()), got.body);
    }
    now[key] = entry;
  }
  state["resources"] = now;
  Diagnostics node_diags;
  state["nodes"] = scale_set_nodes(*client, now, node_diags);
  if (!state.contains("deletes") || !state["deletes"].is_array()) state["deletes"] = json::array();
  out.state = without_unknowns(state);
  return out;
}

Diagnostics TemplateDeployment::remove(const sdk::ApplyRequest& request) {
  Diagnostics diags;
  auto client = context_->require_client(diags);
  if (!client) return diags;
  json recorded = request.prior_state.value("resources", json::object());
  if (!recorded.is_object()) return diags;
  std::vector<std::string> keys;
  for (const auto& [key, e] : recorded.items()) keys.push_back(key);
  // Dependents go first: the walk runs over the reversed edges.
  std::vector<std::vector<size_t>> deps(keys.size());
  for (size_t i = 0; i < keys.size(); ++i)
    for (const auto& d : recorded[keys[i]].value("depends_on", json::array()))
      for (size_t j = 0; j < keys.size(); ++j)
        if (d.is_string() && d.get<std::string>() == keys[j] && j != i) deps[i].push_back(j);
  graph::Graph g = dependency_graph(deps, true);
  if (g.find_cycle()) g = dependency_graph(std::vector<std::vector<size_t>>(keys.size()), true);
  std::mutex mu;
  graph::WalkOptions options;
  options.parallelism = kParallelism;
  graph::walk(g, options, [&](graph::NodeId id) {
    graph::Visit v;
    const json& e = recorded[keys[static_cast<size_t>(id)]];
    ArmResult r = client->remove(e.value("id", ""), e.value("api_version", kResourcesApi));
    if (!r.ok()) {
      std::lock_guard lock(mu);
      diags.push_back(Diagnostic::error("Cannot delete " + keys[static_cast<size_t>(id)] + " of " + request.address,
                                        r.error->to_string()));
      v.ok = false;
    }
    return v;
  });
  // A group forma made for the deployment goes with it, unless something else now lives there.
  if (!has_errors(diags) && request.prior_state.value("created_group", json(false)) == true) {
    std::set<std::string> none;
    Diagnostics listing;
    auto others = others_in_group(*client, request.prior_state, none, listing);
    const std::string group = string_at(request.prior_state, "resource_group");
    if (!listing.empty() || !others.empty()) {
      diags.push_back(Diagnostic::warning("Resource group " + quote(group) + " is kept",
                                          "forma created it for " + request.address + ", but it still holds " +
                                              std::to_string(others.size()) + " other resources."));
    } else {
      ArmResult r = client->remove("/subscriptions/" + context_->subscription_id() + "/resourceGroups/" + group,
                                   kResourcesApi);
      if (!r.ok())
        diags.push_back(Diagnostic::error("Cannot delete resource group " + quote(group) + " of " + request.address,
                                          r.error->to_string()));
    }
  }
  return diags;
}

}  // namespace

std::shared_ptr<sdk::Resource> make_template_deployment(ContextPtr context) {
  return std::make_shared<TemplateDeployment>(std::move(context));
}

}  // namespace forma::azure
