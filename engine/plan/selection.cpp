// Which nodes a run visits (-target, -exclude), and the reversed graph that
// destroy walks.
#include <functional>

#include "engine/base/text.h"
#include "engine/graph/address.h"
#include "engine/plan/run.h"

namespace forma::plan {

using graph::NodeId;
using graph::NodeKind;

namespace {

bool is_resource_like(NodeKind k) {
  return k == NodeKind::Resource || k == NodeKind::Data || k == NodeKind::Orphan;
}

std::string resource_name_of(const graph::Graph& g, NodeId id) {
  const auto& name = g.node(id).name;
  return g.node(id).kind == NodeKind::Orphan ? name.substr(std::string("orphan:").size()) : name;
}

}  // namespace

std::vector<bool> Run::selection() const {
  const auto& g = *walk_graph_;
  auto matching = [&](const std::string& text, const char* flag) {
    std::vector<NodeId> ids;
    std::string error;
    std::string base = text;
    if (auto addr = graph::parse_address(text, error)) base = addr->base();
    std::vector<std::string> names;
    for (NodeId id = 0; id < static_cast<NodeId>(g.size()); ++id) {
      if (!is_resource_like(g.node(id).kind)) continue;
      std::string name = resource_name_of(g, id);
      names.push_back(name);
      if (name == base || name.rfind(text + ".", 0) == 0) ids.push_back(id);
    }
    if (ids.empty())
      const_cast<Run*>(this)->diag(Diagnostic::error(
          std::string("No resource matches ") + flag + " \"" + text + "\"",
          "Give a resource address such as test_null.a, test_null.a[0] or module.m, as listed by `forma state list`." +
              did_you_mean(base, names)));
    return ids;
  };
  for (const auto& r : in_.options.replace) matching(r, "-replace");  // a typo would replace nothing, silently
  std::vector<bool> include;
  if (!in_.options.targets.empty()) {
    std::vector<NodeId> roots;
    for (const auto& t : in_.options.targets)
      for (NodeId id : matching(t, "-target")) roots.push_back(id);
    include = g.dependencies_of(roots);
  }
  if (!in_.options.excludes.empty()) {
    if (include.empty()) include.assign(g.size(), true);
    std::vector<NodeId> roots;
    for (const auto& t : in_.options.excludes)
      for (NodeId id : matching(t, "-exclude")) roots.push_back(id);
    // A plan leaves out what depends on an excluded resource; a destroy keeps what it
    // depends on. The destroy graph is reversed, so both are dependents of the roots.
    auto excluded = g.dependents_of(roots);
    for (size_t i = 0; i < include.size(); ++i)
      if (excluded[i]) include[i] = false;
  }
  return include;
}

graph::Graph Run::destroy_graph() const {
  const auto& src = built_.graph;
  graph::Graph g;
  for (NodeId id = 0; id < static_cast<NodeId>(src.size()); ++id)
    g.add(src.node(id).kind, src.node(id).name, src.node(id).payload);
  for (NodeId id = 0; id < static_cast<NodeId>(src.size()); ++id) {
    bool resource = is_resource_like(src.node(id).kind);
    for (const auto& e : src.node(id).deps) {
      bool to_resource = is_resource_like(src.node(e.to).kind);
      if (resource && to_resource) g.depend(e.to, id, e.where);  // reversed: dependents go first
      else if (!to_resource) g.depend(id, e.to, e.where);        // providers, variables, locals
    }
  }
  // Dependencies recorded in state, reversed, for resources no longer in config too.
  graph::Graph with_state = g;
  for (const auto& o : objects_) {
    auto from = g.find(base_of(o.address));
    if (!from) from = g.find("orphan:" + base_of(o.address));
    if (!from) continue;
    for (const auto& dep : o.dependencies) {
      auto to = g.find(dep);
      if (!to) to = g.find("orphan:" + dep);
      if (to && *to != *from) with_state.depend(*to, *from);
    }
  }
  // State edited by hand into a cycle would leave the walk waiting forever: use the config's order alone.
  return with_state.find_cycle() ? g : with_state;
}

void Run::order_orphan_deletes() {
  std::vector<std::pair<NodeId, NodeId>> waits;  // (orphan, the orphan it waits for)
  for (const auto& o : objects_) {
    auto from = built_.graph.find("orphan:" + base_of(o.address));
    if (!from) continue;
    for (const auto& dep : o.dependencies)
      if (auto to = built_.graph.find("orphan:" + dep); to && *to != *from) waits.emplace_back(*to, *from);
  }
  if (waits.empty()) return;
  graph::Graph ordered = built_.graph;
  for (auto [a, b] : waits) ordered.depend(a, b);
  // State edited by hand into a cycle: leave the orphans unordered rather than never start them.
  if (!ordered.find_cycle()) built_.graph = std::move(ordered);
}

void Run::seed_values_from_state() {
  for (const auto& [base, objs] : by_base_) {
    NamedValue v;
    bool keyed = false;
    json arr = json::array(), obj = json::object();
    for (const auto* o : objs) {
      if (!o->deposed.empty()) continue;
      for (const auto& p : o->sensitive_paths) v.sensitive_paths.push_back(p);
      std::string error;
      auto addr = graph::parse_address(o->address, error);
      if (!addr || addr->key.none()) {
        v.value = o->attributes;
        continue;
      }
      keyed = true;
      if (auto* n = std::get_if<long long>(&addr->key.value)) {
        if (arr.size() <= static_cast<size_t>(*n)) arr.get_ref<json::array_t&>().resize(static_cast<size_t>(*n) + 1);
        arr[static_cast<size_t>(*n)] = o->attributes;
      } else {
        obj[std::get<std::string>(addr->key.value)] = o->attributes;
      }
    }
    if (keyed) v.value = arr.empty() ? obj : arr;
    values_.set(base, std::move(v));
  }
}

}  // namespace forma::plan
