// Resources and data sources: expanding count/for_each, refreshing,
// planning each instance through its provider and, when applying, handing the
// change to the executor.
#include <algorithm>
#include <chrono>
#include <set>

#include "engine/base/text.h"
#include "engine/plan/run.h"

namespace forma::plan {

using graph::NodeId;

namespace {

struct NodeWork {
  std::vector<Instance> instances;
  std::vector<json> values;
};

std::string provider_name_of(const std::string& provider_address) {
  std::string rest = provider_address.substr(provider_address.find("provider.") + 9);
  return rest.substr(0, rest.find('.'));
}

// Copies the prior value into the config at each ignored attribute path.
void apply_ignore_changes(const config::Lifecycle& lc, const json& prior, json& config) {
  if (prior.is_null()) return;
  if (lc.ignore_all_changes) {
    for (const auto& [k, v] : prior.items())
      if (config.contains(k)) config[k] = v;
    return;
  }
  for (const auto& path : lc.ignore_changes) {
    std::string pointer;
    for (size_t i = 0, start = 0; i <= path.size(); ++i)
      if (i == path.size() || path[i] == '.') {
        pointer = pointer_append(pointer, path.substr(start, i - start));
        start = i + 1;
      }
    try {
      json::json_pointer p(pointer);
      if (prior.contains(p)) config[p] = prior[p];
      else if (config.contains(p)) config[p.parent_pointer()].erase(p.back());
    } catch (const json::exception&) {
    }
  }
}

// The resource or instance a replace_triggered_by entry names, as addressed in
// this run: "fake_note.n.text" or "${fake_note.n}" in module.m -> "module.m.fake_note.n".
std::string triggering_address(std::string entry, const std::string& module_path) {
  if (entry.size() > 3 && entry.starts_with("${") && entry.ends_with("}")) entry = entry.substr(2, entry.size() - 3);
  size_t dot = entry.find('.');
  size_t end = dot == std::string::npos ? dot : entry.find_first_of(".[", dot + 1);
  if (end != std::string::npos && entry[end] == '[') {
    size_t close = entry.find(']', end);
    end = close == std::string::npos ? close : close + 1;
  }
  return graph::module_prefix(module_path) + entry.substr(0, end);
}

json assemble(const std::vector<Instance>& instances, const std::vector<json>& values, bool count,
              bool each) {
  if (count) return json(values);
  if (each) {
    json obj = json::object();
    for (size_t i = 0; i < instances.size(); ++i)
      obj[std::get<std::string>(instances[i].key.value)] = values[i];
    return obj;
  }
  return values.empty() ? json(nullptr) : values.front();
}

// Provider diagnostics about `r`'s arguments, placed at the argument in the source.
Diagnostics placed(const json& result, const config::Resource& r, const config::Module& m) {
  Diagnostics diags = provider::diagnostics_from(result, "");
  for (auto& dg : diags) {
    dg.json_path = r.json_path + dg.json_path;
    dg.range = m.positions.find(dg.json_path);
  }
  return diags;
}

// The provider checks the evaluated arguments (types above all; unknown values
// pass) before anything is planned or read. A provider without the method is
// not asked again: plan_resource and read_data still report what they reject.
Diagnostics validate_arguments(provider::Provider& p, const config::Resource& r, const config::Module& m,
                               const json& config) {
  bool data = r.mode == config::ResourceMode::Data;
  auto res = p.call("validate_resource", json{{"type", r.type}, {"mode", data ? "data" : "managed"}, {"config", config}});
  return res.ok ? placed(res.result, r, m) : Diagnostics{};
}

}  // namespace

std::vector<std::string> Run::dependencies_of(NodeId id) const {
  std::vector<std::string> out;
  for (const auto& e : built_.graph.node(id).deps) {
    auto kind = built_.graph.node(e.to).kind;
    if (kind == graph::NodeKind::Resource || kind == graph::NodeKind::Data)
      out.push_back(built_.graph.node(e.to).name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Run::expand(const config::Resource& r, const config::Module& m, std::vector<Instance>& out) {
  if (r.count) {
    json v;
    std::string path = r.json_path + "/count";
    if (!evaluate(*r.count, path, m, {}, v)) return false;
    SourceRange where = m.positions.find(path);
    if (contains_unknown(v)) {
      diag(Diagnostic::error("Invalid count argument",
                             "The \"count\" value depends on values known only after apply. Apply the "
                             "resources it depends on first with -target.", where, path));
      return false;
    }
    if (v.is_string()) {
      try {
        v = std::stoll(v.get<std::string>());
      } catch (...) {
      }
    }
    if (!v.is_number() || (v.is_number_float() && v.get<double>() != static_cast<long long>(v.get<double>())) ||
        v.get<double>() < 0 || v.get<double>() > 1e6) {
      diag(Diagnostic::error("Invalid count argument",
                             "\"count\" must be a whole number from 0 to 1000000, not " + v.dump() + ".", where, path));
      return false;
    }
    auto n = v.get<long long>();
    for (long long i = 0; i < n; ++i) out.push_back(Instance{graph::InstanceKey{i}, nullptr, true, false});
    return true;
  }
  if (r.for_each) {
    json v;
    std::string path = r.json_path + "/for_each";
    if (!evaluate(*r.for_each, path, m, {}, v)) return false;
    SourceRange where = m.positions.find(path);
    if (is_unknown(v) || (v.is_array() && contains_unknown(v))) {
      diag(Diagnostic::error("Invalid for_each argument",
                             "The \"for_each\" keys depend on values known only after apply. Apply the "
                             "resources they depend on first with -target.", where, path));
      return false;
    }
    if (v.is_object()) {
      for (const auto& [k, val] : v.items()) out.push_back(Instance{graph::InstanceKey{k}, val, false, true});
      return true;
    }
    if (v.is_array()) {
      std::set<std::string> seen;
      for (const auto& e : v) {
        if (!e.is_string()) {
          diag(Diagnostic::error("Invalid for_each argument",
                                 "\"for_each\" takes a map or a set of strings; this list holds " + e.dump() + ".",
                                 where, path));
          return false;
        }
        if (seen.insert(e.get<std::string>()).second)
          out.push_back(Instance{graph::InstanceKey{e.get<std::string>()}, e, false, true});
      }
      return true;
    }
    diag(Diagnostic::error("Invalid for_each argument",
                           "\"for_each\" takes a map or a set of strings, not " +
                               std::string(v.is_null() ? "null" : v.type_name()) + ".",
                           where, path));
    return false;
  }
  out.push_back(Instance{});
  return true;
}

// Read-only attributes (computed, never configured: node counts, the nodes
// list) change by themselves; the refreshed values are recorded, but only a
// change to an attribute that can be configured is drift.
bool Run::changed_outside(const state::ResourceObject& obj, const json& fresh) const {
  if (fresh == obj.attributes) return false;
  if (!fresh.is_object() || !obj.attributes.is_object()) return true;
  const json* schema = in_.providers->resource_schema(provider_name_of(obj.provider), obj.type, false);
  const json* attrs = schema && schema->contains("attributes") ? &(*schema)["attributes"] : nullptr;
  auto read_only = [&](const std::string& name) {
    if (!attrs || !attrs->contains(name)) return false;
    const json& a = (*attrs)[name];
    return a.value("computed", false) && !a.value("optional", false) && !a.value("required", false);
  };
  std::set<std::string> names;
  for (const json* side : {&fresh, &obj.attributes})
    for (const auto& [k, v] : side->items()) names.insert(k);
  for (const auto& name : names) {
    if (read_only(name)) continue;
    if (fresh.value(name, json()) != obj.attributes.value(name, json())) return true;
  }
  return false;
}

bool Run::refresh(const state::ResourceObject& obj, provider::Provider* p, json& prior, ResourceChange& ch) {
  bool interrupted = obj.status == state::ResourceStatus::Creating || obj.status == state::ResourceStatus::Deleting;
  if (!interrupted && !in_.options.refresh) return true;
  if (in_.observer && !interrupted) in_.observer->refreshing(obj.address, obj.attributes.value("id", std::string()));
  json params = {{"type", obj.type}, {"address", obj.address}, {"state", obj.attributes},
                 {"creation_token", obj.creation_token}};
  auto r = p->call("read_resource", params);
  if (!r.ok) {
    diag(Diagnostic::error("Failed to read " + obj.address, r.error));
    return false;
  }
  Diagnostics diags = provider::diagnostics_from(r.result, obj.address);
  bool ok = !has_errors(diags);
  for (auto& d : diags) diag(std::move(d));
  if (!ok) return false;
  json fresh = r.result.contains("new_state") ? r.result["new_state"] : json(nullptr);
  if (obj.status == state::ResourceStatus::Creating) {
    ch.notes.push_back(fresh.is_null() ? "an interrupted create left nothing behind; it will be created"
                                       : "an interrupted create finished; the object is adopted");
  } else if (obj.status == state::ResourceStatus::Deleting) {
    ch.notes.push_back(fresh.is_null() ? "an interrupted delete finished" : "an interrupted delete left the object in place");
  } else if (fresh.is_null()) {
    ch.notes.push_back(obj.address + " was deleted outside forma");
    std::lock_guard lock(mu_);
    plan_.drift.push_back(obj.address + " was deleted outside forma");
  } else if (changed_outside(obj, fresh)) {
    std::lock_guard lock(mu_);
    plan_.drift.push_back(obj.address + " was changed outside forma");
  }
  prior = std::move(fresh);
  return true;
}

graph::Visit Run::fan_out(NodeId id, const graph::Declaration& d, InstanceStep step,
                          std::vector<std::string> sensitive, std::vector<Instance>* instances) {
  graph::Visit v;
  const auto& r = *d.resource;
  auto work = std::make_shared<NodeWork>();
  if (!expand(r, *d.module, work->instances)) {
    v.ok = false;
    return v;
  }
  work->values.resize(work->instances.size());
  for (size_t i = 0; i < work->instances.size(); ++i)
    v.subtasks.push_back([this, id, &d, work, i, step] { return (this->*step)(id, d, work->instances[i], work->values[i]); });
  bool count = r.count.has_value(), each = r.for_each.has_value();
  v.finish = [this, id, work, count, each, sensitive = std::move(sensitive)](bool ok) {
    NamedValue nv;
    nv.value = assemble(work->instances, work->values, count, each);
    nv.sensitive_paths = sensitive;
    values_.set(walk_graph_->node(id).name, std::move(nv));
    return ok;
  };
  if (instances) *instances = work->instances;
  return v;
}

graph::Visit Run::visit_resource(NodeId id, const graph::Declaration& d) {
  const auto& r = *d.resource;
  std::vector<Instance> instances;
  auto v = fan_out(id, d, &Run::plan_instance,
                   schema_sensitive_paths(provider_name_of(graph::provider_address_of(r)), r.type, false), &instances);
  if (!v.ok) return v;

  // Instances in state that the config no longer has (count or for_each shrank), and deposed objects.
  std::string base = walk_graph_->node(id).name;
  std::set<std::string> wanted;
  for (const auto& inst : instances) wanted.insert(base + inst.key.to_string());
  auto it = by_base_.find(base);
  if (it != by_base_.end())
    for (const auto* obj : it->second)
      if (!obj->deposed.empty() || !wanted.count(obj->address))
        v.subtasks.push_back([this, obj, &r, &d] { return delete_object(*obj, &r, d.module); });

  if (v.subtasks.size() == 1) {
    // One instance (the common case): run it here rather than through the queue.
    v.ok = v.subtasks.front()();
    v.subtasks.clear();
  }
  return v;
}

bool Run::plan_instance(NodeId id, const graph::Declaration& d, const Instance& inst, json& value) {
  const auto& r = *d.resource;
  const auto& m = *d.module;
  std::string base = walk_graph_->node(id).name;
  std::string address = base + inst.key.to_string();
  std::string provider_address = graph::provider_address_of(r);
  provider::Provider* p = provider_for(provider_address);
  if (!p) return false;

  ResourceChange ch;
  ch.address = address;
  ch.type = r.type;
  ch.name = r.name;
  ch.provider = provider_address;
  ch.create_before_destroy = r.lifecycle.create_before_destroy;

  auto found = current_.find(address);
  const state::ResourceObject* obj = found == current_.end() ? nullptr : found->second;
  json prior = obj ? obj->attributes : json(nullptr);
  const ResourceChange* approved = nullptr;
  if (apply_mode() && in_.approved) {
    auto a = approved_.find(address + "/");
    if (a != approved_.end()) approved = a->second;
  }
  if (approved) {
    // Refreshed when the plan was made; a refresh-only plan keeps that in `after`.
    prior = in_.options.refresh_only ? approved->after : approved->before;
    if (approved->reason == "import") ch.reason = "import";
  } else if (obj && !refresh(*obj, p, prior, ch)) {
    return false;
  }
  if (obj && (prior != obj->attributes || obj->status != state::ResourceStatus::Created)) {
    std::lock_guard lock(mu_);
    ++plan_.state_updates;
  }

  InstanceContext ic{inst.key, inst.has_count, inst.has_each, inst.each_value, nullptr};
  if (!check_conditions(r.lifecycle.preconditions, m, ic, address)) return false;
  json config;
  std::vector<std::string> config_sensitive;
  if (!evaluate(r.body, r.json_path, m, ic, config, &config_sensitive)) return false;
  // A provider whose plan_resource validates is not asked twice, unless no plan follows.
  if (in_.options.refresh_only || !p->has_capability("plan_validates")) {
    Diagnostics invalid = validate_arguments(*p, r, m, config);
    bool valid = !has_errors(invalid);
    for (auto& dg : invalid) diag(std::move(dg));
    if (!valid) return false;
  }

  // import blocks adopt an existing object as this instance's prior state.
  if (prior.is_null() && !obj) {
    for (const auto& im : in_.root->imports) {
      if (im.to != address) continue;
      json import_id;
      if (!evaluate(im.id, im.json_path + "/id", *in_.root, {}, import_id)) return false;
      auto res = p->call("import_resource", json{{"type", r.type}, {"id", import_id}});
      if (!res.ok || res.result.value("state", json()).is_null()) {
        diag(Diagnostic::error("Cannot import " + address,
                               res.ok ? "The provider found no object with id " + import_id.dump() + "." : res.error,
                               in_.root->positions.find(im.json_path), im.json_path));
        return false;
      }
      prior = res.result["state"];
      ch.notes.push_back("will be imported (id " + import_id.dump() + ")");
      ch.reason = "import";
      std::lock_guard lock(mu_);
      ++plan_.state_updates;
    }
  }

  if (in_.options.refresh_only) {
    if (in_.options.evaluate_connections) collect_connection(r, m, inst, address, prior);
    ch.action = Action::NoOp;
    ch.before = obj ? obj->attributes : json(nullptr);
    ch.after = prior;
    value = prior;
    if (apply_mode() && obj && prior != obj->attributes)
      in_.executor->record(ch, prior, schema_version(provider_name_of(provider_address), r.type), dependencies_of(id));
    add_change(std::move(ch));
    return true;
  }

  apply_ignore_changes(r.lifecycle, prior, config);
  std::vector<std::string> provider_sensitive;
  json nested_changes = json::array();
  // with_prior false plans a replacement: the object as if new.
  auto plan_call = [&](bool with_prior, json& planned, std::vector<std::string>& requires_replace) {
    // The prior state and config are lent to the request, not copied into it, and taken back after.
    json params = json::object();
    params["type"] = r.type;
    params["address"] = address;
    params["prior_state"] = with_prior ? std::move(prior) : json(nullptr);
    params["config"] = std::move(config);
    auto res = p->call("plan_resource", params);
    config = std::move(params["config"]);
    if (with_prior) prior = std::move(params["prior_state"]);
    if (!res.ok) {
      diag(Diagnostic::error("Failed to plan " + address, res.error, m.positions.find(r.json_path), r.json_path));
      return false;
    }
    Diagnostics diags = placed(res.result, r, m);
    bool ok = !has_errors(diags);
    for (auto& dg : diags) diag(std::move(dg));
    auto answer = res.result.find("planned_state");
    planned = answer == res.result.end() ? json() : std::move(*answer);
    auto strings_of = [&](const char* key, std::vector<std::string>& out) {
      auto list = res.result.find(key);
      if (list == res.result.end() || !list->is_array()) return;
      for (const auto& item : *list)
        if (item.is_string()) out.push_back(item.get<std::string>());
    };
    requires_replace.clear();
    strings_of("requires_replace", requires_replace);
    provider_sensitive.clear();
    strings_of("sensitive_paths", provider_sensitive);
    auto nested = res.result.find("nested_changes");
    nested_changes = nested == res.result.end() ? json::array() : std::move(*nested);
    if (!nested_changes.is_array()) nested_changes = json::array();
    return ok;
  };

  json planned;
  std::vector<std::string> requires_replace;
  if (!plan_call(true, planned, requires_replace)) return false;
  ch.before = prior;
  ch.requires_replace = requires_replace;

  bool replace_requested =
      std::find(in_.options.replace.begin(), in_.options.replace.end(), address) != in_.options.replace.end();
  bool tainted = obj && obj->status == state::ResourceStatus::Tainted && !prior.is_null();
  bool triggered = false;
  for (const auto& t : r.lifecycle.replace_triggered_by) {
    std::lock_guard lock(mu_);
    auto a = actions_.find(triggering_address(t, m.module_path));
    if (a != actions_.end() && (a->second == Action::Update || a->second == Action::Replace)) triggered = true;
  }
  if (prior.is_null()) {
    ch.action = Action::Create;
  } else if (tainted || replace_requested || triggered) {
    ch.action = Action::Replace;
    ch.reason = tainted ? "tainted" : replace_requested ? "requested with -replace" : "replace_triggered_by";
    std::vector<std::string> ignored;
    if (!plan_call(false, planned, ignored)) return false;
  } else if (!requires_replace.empty()) {
    ch.action = Action::Replace;
  } else {
    ch.action = planned == prior ? Action::NoOp : Action::Update;
  }
  if (ch.action == Action::Replace && r.lifecycle.prevent_destroy) {
    diag(Diagnostic::error("Instance cannot be destroyed",
                           address + " has lifecycle.prevent_destroy set, but the plan would replace it. "
                           "Remove prevent_destroy or change the plan so it keeps the object.",
                           m.positions.find(r.json_path + "/lifecycle/prevent_destroy"),
                           r.json_path + "/lifecycle/prevent_destroy"));
    return false;
  }
  ch.sensitive_paths = schema_sensitive_paths(provider_name_of(provider_address), r.type, false);
  for (const auto* more : {&config_sensitive, &provider_sensitive})
    for (const auto& s : *more)  // once each: a path both declared and set from a sensitive value
      if (std::find(ch.sensitive_paths.begin(), ch.sensitive_paths.end(), s) == ch.sensitive_paths.end())
        ch.sensitive_paths.push_back(s);
  ch.nested_changes = std::move(nested_changes);
  ch.after = std::move(planned);

  if (!apply_mode()) {
    value = ch.action == Action::NoOp ? std::move(prior) : ch.after;
    add_change(std::move(ch));
    return true;
  }

  // Apply: the action must be the one the user approved.
  if (in_.approved) {
    Action expected = approved ? approved->action : Action::NoOp;
    if (expected != ch.action) {
      diag(Diagnostic::error("Provider produced an inconsistent plan for " + address,
                             std::string("The approved plan said ") + to_string(expected) + ", but applying it now needs " +
                                 to_string(ch.action) + ". Nothing was changed for this resource; run plan again.",
                             m.positions.find(r.json_path), r.json_path));
      return false;
    }
  }
  int version = schema_version(provider_name_of(provider_address), r.type);
  std::vector<std::string> deps = dependencies_of(id);
  bool imported = !obj && !prior.is_null();  // by an import block, now or in the approved plan
  if (ch.action == Action::NoOp &&
      (imported || (obj && (prior != obj->attributes || obj->status != state::ResourceStatus::Created))))
    in_.executor->record(ch, prior, version, deps);
  if (ch.action == Action::NoOp) {
    value = prior;
    add_change(std::move(ch));
    return true;
  }
  ExecutionRequest req{&ch, &config, p, version, deps,
                       obj && obj->status == state::ResourceStatus::Creating ? obj->creation_token : std::string(),
                       {}, json::object()};
  req.provisioners = provisioner_source(r, m, inst);
  if (obj) req.prior_private = obj->private_data;
  auto result = in_.executor->execute(req);
  for (auto& dg : result.diags) diag(std::move(dg));
  if (!result.ok) {
    add_change(std::move(ch));
    return false;
  }
  value = result.new_state;
  ch.after = result.new_state;
  InstanceContext post{inst.key, inst.has_count, inst.has_each, inst.each_value, &value};
  bool post_ok = check_conditions(r.lifecycle.postconditions, m, post, address);
  add_change(std::move(ch));
  return post_ok;
}

graph::Visit Run::visit_data(NodeId id, const graph::Declaration& d) {
  return fan_out(id, d, &Run::read_data_instance, {}, nullptr);
}

bool Run::read_data_instance(NodeId id, const graph::Declaration& d, const Instance& inst, json& value) {
  const auto& r = *d.resource;
  std::string address = walk_graph_->node(id).name + inst.key.to_string();
  provider::Provider* p = provider_for(graph::provider_address_of(r));
  if (!p) return false;
  InstanceContext ic{inst.key, inst.has_count, inst.has_each, inst.each_value, nullptr};
  json config;
  if (!evaluate(r.body, r.json_path, *d.module, ic, config)) return false;
  Diagnostics invalid = validate_arguments(*p, r, *d.module, config);
  bool valid = !has_errors(invalid);
  for (auto& dg : invalid) diag(std::move(dg));
  if (!valid) return false;
  if (contains_unknown(config)) {
    // Read during apply, once what it depends on exists.
    ResourceChange ch;
    ch.address = address;
    ch.mode = "data";
    ch.type = r.type;
    ch.name = r.name;
    ch.provider = graph::provider_address_of(r);
    ch.action = Action::Read;
    ch.after = unknown_value();
    ch.reason = "its configuration depends on values known only after apply";
    value = unknown_value();
    add_change(std::move(ch));
    return true;
  }
  // A read the approved plan deferred to apply is reported as it happens, like a change.
  auto deferred = apply_mode() && in_.observer ? approved_.find(address + "/") : approved_.end();
  bool report = deferred != approved_.end() && deferred->second->action == Action::Read;
  if (report) in_.observer->change_started(*deferred->second);
  auto res = p->call("read_data", json{{"type", r.type}, {"address", address}, {"config", config}});
  if (!res.ok) {
    if (report) in_.observer->change_failed(*deferred->second, 0);
    diag(Diagnostic::error("Failed to read " + address, res.error, d.module->positions.find(r.json_path)));
    return false;
  }
  Diagnostics diags = placed(res.result, r, *d.module);
  bool ok = !has_errors(diags);
  if (report && ok) in_.observer->change_finished(*deferred->second, 0, "");
  else if (report) in_.observer->change_failed(*deferred->second, 0);
  for (auto& dg : diags) diag(std::move(dg));
  value = res.result.value("state", json());
  return ok;
}

}  // namespace forma::plan
