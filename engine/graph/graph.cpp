#include "engine/graph/graph.h"

#include <algorithm>
#include <functional>

namespace forma::graph {

const char* to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::Variable: return "variable";
    case NodeKind::Local: return "local";
    case NodeKind::Provider: return "provider";
    case NodeKind::Resource: return "resource";
    case NodeKind::Data: return "data";
    case NodeKind::Output: return "output";
    case NodeKind::Orphan: return "orphan";
    case NodeKind::Check: return "check";
  }
  return "node";
}

NodeId Graph::add(NodeKind kind, std::string name, int payload) {
  NodeId id = static_cast<NodeId>(nodes_.size());
  index_.emplace(name, id);
  nodes_.push_back(Node{kind, std::move(name), {}, {}, payload});
  return id;
}

void Graph::depend(NodeId from, NodeId to, const SourceRange& where) {
  auto& deps = nodes_[static_cast<size_t>(from)].deps;
  for (const auto& e : deps)
    if (e.to == to) return;
  deps.push_back(Edge{to, where});
  nodes_[static_cast<size_t>(to)].dependents.push_back(from);
}

std::optional<NodeId> Graph::find(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::vector<NodeId>> Graph::find_cycle() const {
  // Iterative DFS with colours; the stack is the current path.
  enum Colour : char { White, Grey, Black };
  std::vector<Colour> colour(nodes_.size(), White);
  std::vector<std::pair<NodeId, size_t>> stack;
  for (NodeId start = 0; start < static_cast<NodeId>(nodes_.size()); ++start) {
    if (colour[static_cast<size_t>(start)] != White) continue;
    stack.push_back({start, 0});
    colour[static_cast<size_t>(start)] = Grey;
    while (!stack.empty()) {
      auto& [id, next] = stack.back();
      const auto& deps = nodes_[static_cast<size_t>(id)].deps;
      if (next == deps.size()) {
        colour[static_cast<size_t>(id)] = Black;
        stack.pop_back();
        continue;
      }
      NodeId to = deps[next++].to;
      if (colour[static_cast<size_t>(to)] == Grey) {
        std::vector<NodeId> cycle;
        auto it = std::find_if(stack.begin(), stack.end(), [&](auto& p) { return p.first == to; });
        for (; it != stack.end(); ++it) cycle.push_back(it->first);
        cycle.push_back(to);
        return cycle;
      }
      if (colour[static_cast<size_t>(to)] == White) {
        colour[static_cast<size_t>(to)] = Grey;
        stack.push_back({to, 0});
      }
    }
  }
  return std::nullopt;
}

static std::vector<bool> closure(const std::vector<NodeId>& roots,
                                 const std::function<std::vector<NodeId>(NodeId)>& next,
                                 size_t n) {
  std::vector<bool> seen(n, false);
  std::vector<NodeId> todo(roots.begin(), roots.end());
  while (!todo.empty()) {
    NodeId id = todo.back();
    todo.pop_back();
    if (seen[static_cast<size_t>(id)]) continue;
    seen[static_cast<size_t>(id)] = true;
    for (NodeId m : next(id)) todo.push_back(m);
  }
  return seen;
}

std::vector<bool> Graph::dependencies_of(const std::vector<NodeId>& roots) const {
  return closure(roots, [&](NodeId id) {
    std::vector<NodeId> out;
    for (const auto& e : node(id).deps) out.push_back(e.to);
    return out;
  }, nodes_.size());
}

std::vector<bool> Graph::dependents_of(const std::vector<NodeId>& roots) const {
  return closure(roots, [&](NodeId id) { return node(id).dependents; }, nodes_.size());
}

static std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string Graph::to_dot(const std::vector<std::string>& node_styles) const {
  std::string out = "digraph forma {\n  rankdir = \"RL\";\n  node [shape = box, fontname = \"sans-serif\"];\n";
  for (size_t i = 0; i < nodes_.size(); ++i) {
    out += "  \"" + dot_escape(nodes_[i].name) + "\"";
    std::string attrs = i < node_styles.size() ? node_styles[i] : std::string();
    if (nodes_[i].kind != NodeKind::Resource && nodes_[i].kind != NodeKind::Data)
      attrs += std::string(attrs.empty() ? "" : ", ") + "shape = note";
    if (!attrs.empty()) out += " [" + attrs + "]";
    out += ";\n";
  }
  for (const auto& n : nodes_)
    for (const auto& e : n.deps)
      out += "  \"" + dot_escape(n.name) + "\" -> \"" + dot_escape(node(e.to).name) + "\";\n";
  out += "}\n";
  return out;
}

Diagnostic cycle_diagnostic(const Graph& g, const std::vector<NodeId>& cycle) {
  std::string path;
  std::string places;
  SourceRange first;
  for (size_t i = 0; i < cycle.size(); ++i) {
    if (i) path += " -> ";
    path += g.node(cycle[i]).name;
    if (i + 1 < cycle.size()) {
      for (const auto& e : g.node(cycle[i]).deps) {
        if (e.to != cycle[i + 1]) continue;
        if (!first.known()) first = e.where;
        places += "\n  " + g.node(cycle[i]).name + " -> " + g.node(cycle[i + 1]).name;
        if (e.where.known()) places += " at " + e.where.to_string();
      }
    }
  }
  return Diagnostic::error("Cycle: " + path,
                           "Each of these depends on the next:" + places +
                               "\nBreak the cycle by removing one of these references.",
                           first);
}

}  // namespace forma::graph
