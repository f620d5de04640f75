#include "engine/plan/planner.h"

#include <algorithm>
#include <shared_mutex>

#include "engine/base/sorting.h"
#include "engine/base/text.h"
#include "engine/expr/types.h"
#include "engine/plan/argument_check.h"
#include "engine/plan/run.h"

namespace forma::plan {

using graph::NodeId;
using graph::NodeKind;

RunResult run(RunInputs inputs) { return Run(inputs).execute(); }

std::string base_of(const std::string& instance_address) {
  // Strip a trailing [..] (which may contain quoted brackets) from the last part.
  if (instance_address.empty() || instance_address.back() != ']') return instance_address;
  bool in_string = false;
  for (size_t i = 0; i < instance_address.size(); ++i) {
    char c = instance_address[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[') {
      // The last bracket group that closes at the end.
      size_t j = i + 1;
      bool s = false;
      for (; j < instance_address.size(); ++j) {
        if (s) {
          if (instance_address[j] == '\\') ++j;
          else if (instance_address[j] == '"') s = false;
        } else if (instance_address[j] == '"') {
          s = true;
        } else if (instance_address[j] == ']') {
          break;
        }
      }
      if (j == instance_address.size() - 1) return instance_address.substr(0, i);
      i = j;
    }
  }
  return instance_address;
}

void Run::diag(Diagnostic d) {
  std::lock_guard lock(mu_);
  if (in_.observer) in_.observer->diagnostic(d);
  plan_.diags.push_back(std::move(d));
}

void Run::add_change(ResourceChange ch) {
  std::lock_guard lock(mu_);
  actions_[ch.address] = ch.action;
  auto& base_action = actions_[base_of(ch.address)];
  if (ch.action != Action::NoOp) base_action = ch.action;
  plan_.changes.push_back(std::move(ch));
}

bool Run::evaluate(const json& doc, const std::string& path, const config::Module& m,
                   const InstanceContext& ic, json& out, std::vector<std::string>* sensitive,
                   bool* whole_sensitive) {
  ModuleScope scope(values_, m, ic, in_.options.working_dir);
  auto r = expr::evaluate_document(doc, path, m.positions, scope, sensitive, &templates_);
  bool ok = !has_errors(r.diags);
  for (auto& d : r.diags) diag(std::move(d));
  if (!ok) return false;
  out = std::move(r.value);
  if (whole_sensitive) *whole_sensitive = r.sensitive;
  return true;
}

provider::Provider* Run::provider_for(const std::string& address) {
  return in_.providers->get(address);
}

std::vector<std::string> Run::schema_sensitive_paths(const std::string& provider_name,
                                                     const std::string& type, bool data) const {
  // Asked for every instance planned: walked once per type.
  std::string key = provider_name + (data ? " data " : " ") + type;
  {
    std::shared_lock lock(sensitive_mu_);
    if (auto it = sensitive_by_type_.find(key); it != sensitive_by_type_.end()) return it->second;
  }
  std::vector<std::string> out;
  const json* schema = in_.providers->resource_schema(provider_name, type, data);
  if (schema && schema->contains("attributes")) collect_sensitive_paths((*schema)["attributes"], out);
  std::unique_lock lock(sensitive_mu_);
  sensitive_by_type_.emplace(key, out);
  return out;
}

void Run::collect_sensitive_paths(const json& attributes, std::vector<std::string>& out) {
  std::function<void(const json&, const std::string&)> walk = [&](const json& attrs, const std::string& prefix) {
    for (const auto& [name, a] : attrs.items()) {
      if (!a.is_object()) continue;
      std::string p = pointer_append(prefix, name);
      if (a.value("sensitive", false)) out.push_back(p);
      else if (a.contains("attributes") && a["attributes"].is_object() &&
               a.value("type", std::string()) == "object")
        walk(a["attributes"], p);
    }
  };
  walk(attributes, "");
}

int Run::schema_version(const std::string& provider_name, const std::string& type) const {
  const json* schema = in_.providers->resource_schema(provider_name, type, false);
  return schema ? schema->value("version", 0) : 0;
}

void Run::index_state() {
  current_.clear();
  by_base_.clear();
  current_.reserve(objects_.size());
  by_base_.reserve(objects_.size());
  for (const auto& o : objects_) {
    if (o.deposed.empty()) current_[o.address] = &o;
    by_base_[base_of(o.address)].push_back(&o);
  }
}

namespace {

// Where a moved block sends `address`, or "" when the block does not name it:
// the instance itself, an instance of the resource, or anything in the module.
std::string moved_address(const std::string& address, const config::Moved& mv) {
  if (address == mv.from) return mv.to;
  bool inside = base_of(address) == mv.from ||
                (mv.from.rfind("module.", 0) == 0 && address.rfind(mv.from + ".", 0) == 0);
  return inside ? mv.to + address.substr(mv.from.size()) : std::string();
}

}  // namespace

bool Run::apply_moved_blocks() {
  bool renamed = false;
  for (const auto& mv : in_.root->moved) {
    // An object this block does not move already sits at one of its destinations: keep both where they are.
    std::unordered_map<std::string, bool> destinations;
    for (const auto& o : objects_)
      if (auto to = moved_address(o.address, mv); !to.empty()) destinations[to] = true;
    bool target_taken = false;
    for (const auto& o : objects_)
      if (moved_address(o.address, mv).empty() && destinations.count(o.address)) target_taken = true;
    if (target_taken || destinations.empty()) continue;
    for (auto& o : objects_) {
      std::string to = moved_address(o.address, mv);
      if (to.empty()) continue;
      o.address = to;
      renamed = true;
      ++plan_.state_updates;  // the apply renames it in state
    }
    plan_.drift.push_back(mv.from + " has moved to " + mv.to);
    if (apply_mode()) in_.executor->move(mv.from, mv.to);
  }
  return renamed;
}

bool Run::start_providers() {
  Diagnostics diags;
  bool ok = true;
  for (NodeId id = 0; id < static_cast<NodeId>(built_.graph.size()); ++id) {
    const auto& n = built_.graph.node(id);
    if (n.kind != NodeKind::Provider) continue;
    const auto& d = built_.decl(id);
    SourceRange where = d.provider ? d.module->positions.find(d.provider->json_path) : SourceRange{};
    if (!where.known()) {
      // An implied provider: point at the first resource that uses it.
      for (NodeId user : n.dependents)
        if (built_.decl(user).resource) {
          where = built_.decl(user).module->positions.find(built_.decl(user).resource->json_path);
          break;
        }
    }
    ok = in_.providers->start(n.name.substr(n.name.find("provider.")), d.provider_name, diags, where) && ok;
  }
  for (auto& d : diags) diag(std::move(d));
  return ok;
}

void Run::check_resource_schemas() {
  for (NodeId id = 0; id < static_cast<NodeId>(built_.graph.size()); ++id) {
    const auto& d = built_.decl(id);
    if (!d.resource) continue;
    for (auto& dg : check_arguments(*d.resource, *d.module, *in_.providers)) diag(std::move(dg));
  }
}

bool Run::prepare() {
  index_state();
  if (apply_moved_blocks()) index_state();
  for (const auto& rm : in_.root->removed)
    if (!rm.destroy) forget_[rm.from] = true;
  if (in_.approved)
    for (const auto& ch : in_.approved->changes) approved_[ch.address + "/" + ch.deposed] = &ch;

  // Resources in state with no block in the config become orphan nodes.
  std::vector<graph::Orphan> orphans;
  std::unordered_map<std::string, bool> declared;
  std::function<void(const config::Module&)> collect = [&](const config::Module& m) {
    for (const auto& r : m.resources) declared[graph::module_prefix(m.module_path) + r.address()] = true;
    for (const auto& [n, c] : m.children) collect(*c);
  };
  collect(*in_.root);
  for (const auto& [base, objs] : by_base_)
    if (!declared.count(base) && objs.front()->mode == "managed")
      orphans.push_back({base, objs.front()->type, objs.front()->provider});
  std::sort(orphans.begin(), orphans.end(), [](auto& a, auto& b) { return a.address < b.address; });

  built_ = graph::build_graph(*in_.root, orphans, &templates_);
  for (auto& d : built_.diags) diag(std::move(d));
  if (has_errors(plan_.diags)) return false;
  if (!in_.options.destroy) order_orphan_deletes();  // destroy_graph orders every object by state
  if (!start_providers()) return false;
  check_resource_schemas();
  if (has_errors(plan_.diags)) return false;
  if (in_.options.destroy) reversed_graph_ = destroy_graph();
  walk_graph_ = in_.options.destroy ? &reversed_graph_ : &built_.graph;
  if (in_.options.destroy) seed_values_from_state();
  return true;
}

RunResult Run::execute() {
  RunResult result;
  plan_.lineage = in_.lineage;
  plan_.serial = in_.serial;
  plan_.destroy = in_.options.destroy;
  plan_.refresh_only = in_.options.refresh_only;
  if (!prepare()) {
    result.plan = std::move(plan_);
    return result;
  }
  graph::WalkOptions wo;
  wo.parallelism = in_.options.parallelism;
  wo.cancel = in_.options.cancel;
  wo.include = selection();
  // A -target, -exclude or -replace naming nothing is an error: nothing is planned, let alone applied.
  if (!has_errors(plan_.diags)) graph::walk(*walk_graph_, wo, [this](NodeId id) { return visit(id); });
  finish_plan(result);
  return result;
}

graph::Visit Run::visit(NodeId id) {
  const auto& node = walk_graph_->node(id);
  const auto& d = built_.decls[static_cast<size_t>(node.payload)];
  graph::Visit v;
  if (in_.options.destroy) {
    switch (node.kind) {
      case NodeKind::Resource:
        return visit_destroy(id, node.name);
      case NodeKind::Orphan:
        return visit_destroy(id, d.orphan_address);
      case NodeKind::Data:
      case NodeKind::Output:
      case NodeKind::Check:
        return v;
      default:
        break;
    }
  }
  switch (node.kind) {
    case NodeKind::Variable: v.ok = visit_variable(id, d); break;
    case NodeKind::Local: v.ok = visit_local(id, d); break;
    case NodeKind::Provider: v.ok = visit_provider(id, d); break;
    case NodeKind::Output: v.ok = visit_output(id, d); break;
    case NodeKind::Check: v.ok = visit_check(id, d); break;
    case NodeKind::Resource: return visit_resource(id, d);
    case NodeKind::Data: return visit_data(id, d);
    case NodeKind::Orphan: return visit_orphan(id, d);
  }
  return v;
}

bool Run::visit_variable(NodeId id, const graph::Declaration& d) {
  const auto& var = *d.variable;
  const std::string& name = walk_graph_->node(id).name;
  if (!d.call) {
    NamedValue v;
    auto it = in_.variables.find(var.name);
    v.value = it == in_.variables.end() ? json(nullptr) : it->second;
    v.sensitive = var.sensitive;
    values_.set(name, std::move(v));
    return true;
  }
  // A child module's variable: the call's argument, evaluated in the calling module.
  const config::Module* parent = nullptr;
  std::function<const config::Module*(const config::Module&)> find_parent = [&](const config::Module& m) -> const config::Module* {
    for (const auto& [n, c] : m.children) {
      if (c.get() == d.module) return &m;
      if (auto p = find_parent(*c)) return p;
    }
    return nullptr;
  };
  parent = find_parent(*in_.root);
  NamedValue v;
  v.sensitive = var.sensitive;
  auto input = d.call->inputs.find(var.name);
  if (input != d.call->inputs.end() && parent) {
    bool sensitive = false;
    if (!evaluate(*input, d.call->json_path + "/" + var.name, *parent, {}, v.value, nullptr, &sensitive))
      return false;
    v.sensitive = v.sensitive || sensitive;
  } else if (var.default_value) {
    v.value = *var.default_value;
  } else {
    diag(Diagnostic::error("Missing required argument \"" + var.name + "\"",
                           "The module \"" + d.call->name + "\" declares variable \"" + var.name +
                               "\" without a default; set it in the module block.",
                           parent ? parent->positions.find(d.call->json_path) : SourceRange{},
                           d.call->json_path));
    return false;
  }
  std::string error;
  if (auto type = expr::parse_type(var.type, error)) {
    json converted;
    if (!expr::convert(v.value, *type, converted, error)) {
      diag(Diagnostic::error("Invalid value for module argument \"" + var.name + "\"",
                             "The module expects " + var.type + ": " + error + ".",
                             parent ? parent->positions.find(d.call->json_path + "/" + var.name) : SourceRange{},
                             d.call->json_path + "/" + var.name));
      return false;
    }
    v.value = std::move(converted);
  }
  values_.set(name, std::move(v));
  // Root variables are validated when they are resolved; a module's, here.
  return check_conditions(var.validations, *d.module, {}, "variable \"" + var.name + "\" of " + d.module->module_path);
}

bool Run::visit_local(NodeId id, const graph::Declaration& d) {
  NamedValue v;
  bool sensitive = false;
  if (!evaluate(d.local->value, d.local->json_path, *d.module, {}, v.value, nullptr, &sensitive)) return false;
  v.sensitive = sensitive;
  values_.set(walk_graph_->node(id).name, std::move(v));
  return true;
}

bool Run::visit_provider(NodeId id, const graph::Declaration& d) {
  const std::string& address = walk_graph_->node(id).name;
  provider::Provider* p = provider_for(address.substr(address.find("provider.")));
  if (!p) return false;
  json config = json::object();
  if (d.provider && !evaluate(d.provider->body, d.provider->json_path, *d.module, {}, config)) return false;
  auto r = p->call("configure", json{{"config", config}});
  if (!r.ok) {
    diag(Diagnostic::error("Provider \"" + p->name() + "\" could not be configured", r.error));
    return false;
  }
  std::string where = d.provider ? d.provider->json_path : std::string();
  Diagnostics diags = provider::diagnostics_from(r.result, "");
  bool ok = !has_errors(diags);
  for (auto& dg : diags) {
    if (d.provider && !dg.json_path.empty()) {
      dg.range = d.module->positions.find(where + dg.json_path);
      dg.json_path = where + dg.json_path;
    }
    diag(std::move(dg));
  }
  return ok;
}

bool Run::visit_output(NodeId id, const graph::Declaration& d) {
  const auto& o = *d.output;
  InstanceContext ic;
  if (!check_conditions(o.preconditions, *d.module, ic, "output \"" + o.name + "\"")) return false;
  NamedValue v;
  bool sensitive = false;
  if (!evaluate(o.value, o.json_path + "/value", *d.module, ic, v.value, nullptr, &sensitive)) return false;
  bool root = d.module->module_path.empty();
  if (sensitive && !o.sensitive && root) {
    diag(Diagnostic::error("Output refers to sensitive values",
                           "Output \"" + o.name + "\" uses a sensitive value; add \"sensitive\": true "
                           "to the output to confirm it may be shown only as (sensitive value).",
                           d.module->positions.find(o.json_path + "/value"), o.json_path + "/value"));
    return false;
  }
  v.sensitive = sensitive || o.sensitive;
  if (root) {
    std::lock_guard lock(mu_);
    OutputChange oc;
    oc.name = o.name;
    oc.after = v.value;
    oc.sensitive = v.sensitive;
    oc.before = nullptr;
    for (const auto& prev : in_.state_outputs)
      if (prev.name == o.name) oc.before = prev.value;
    oc.action = oc.before.is_null() ? Action::Create : (oc.before == oc.after ? Action::NoOp : Action::Update);
    plan_.outputs.push_back(oc);
    outputs_.push_back(state::OutputValue{o.name, v.value, v.sensitive});
  }
  values_.set(walk_graph_->node(id).name, std::move(v));
  return true;
}

bool Run::check_conditions(const std::vector<config::Condition>& cs, const config::Module& m,
                           const InstanceContext& ic, const std::string& what) {
  bool ok = true;
  for (const auto& c : cs) {
    json result;
    if (!evaluate(c.condition, c.json_path + "/condition", m, ic, result)) return false;
    if (is_unknown(result)) continue;  // decided at apply
    if (!result.is_boolean()) {
      diag(Diagnostic::error("Invalid condition result", "The condition must be true or false.",
                             m.positions.find(c.json_path + "/condition"), c.json_path + "/condition"));
      return false;
    }
    if (result.get<bool>()) continue;
    json message = "condition failed";
    evaluate(c.error_message, c.json_path + "/error_message", m, ic, message);
    diag(Diagnostic::error(message.is_string() ? message.get<std::string>() : message.dump(),
                           "This condition of " + what + " is false.",
                           m.positions.find(c.json_path + "/condition"), c.json_path + "/condition"));
    ok = false;
  }
  return ok;
}

bool Run::visit_check(NodeId, const graph::Declaration& d) {
  for (const auto& a : d.check->asserts) {
    CheckResult cr;
    cr.name = "check." + d.check->name;
    json result;
    if (!evaluate(a.condition, a.json_path + "/condition", *d.module, {}, result)) return true;
    if (is_unknown(result)) {
      cr.unknown = true;
    } else if (result != json(true)) {
      cr.passed = false;
      json message = "assertion failed";
      evaluate(a.error_message, a.json_path + "/error_message", *d.module, {}, message);
      cr.message = message.is_string() ? message.get<std::string>() : message.dump();
    }
    std::lock_guard lock(mu_);
    plan_.checks.push_back(cr);
  }
  return true;  // failed checks are warnings: they never stop a run
}

void Run::finish_plan(RunResult& result) {
  std::lock_guard lock(mu_);
  result.connections = std::move(connections_);
  stable_sort_large(plan_.changes, [](const ResourceChange& a, const ResourceChange& b) {
    return a.address != b.address ? a.address < b.address : a.deposed < b.deposed;
  });
  std::sort(plan_.outputs.begin(), plan_.outputs.end(), [](auto& a, auto& b) { return a.name < b.name; });
  if (!in_.options.destroy && !in_.options.refresh_only) {
    // Outputs that existed before and are no longer declared are removed.
    for (const auto& prev : in_.state_outputs)
      if (!in_.root->outputs.count(prev.name))
        plan_.outputs.push_back(OutputChange{prev.name, Action::Delete, prev.value, nullptr, prev.sensitive});
  }
  std::sort(outputs_.begin(), outputs_.end(), [](auto& a, auto& b) { return a.name < b.name; });
  result.outputs = outputs_;
  bool cancelled_run = cancelled();
  result.ok = !has_errors(plan_.diags) && !cancelled_run;
  if (cancelled_run)
    plan_.diags.push_back(Diagnostic::error("Interrupted", "forma stopped starting new work after an interrupt; "
                                            "the changes already made are recorded in state."));
  result.plan = std::move(plan_);
}

}  // namespace forma::plan
