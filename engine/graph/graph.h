// The dependency graph as plain structs: nodes with names, edges from a
// dependent to what it depends on, each edge remembering where it was written.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/diagnostic.h"

namespace forma::graph {

using NodeId = int;

enum class NodeKind { Variable, Local, Provider, Resource, Data, Output, Orphan, Check };
const char* to_string(NodeKind kind);

struct Edge {
  NodeId to;          // the dependency
  SourceRange where;  // the reference or depends_on entry that made it
};

struct Node {
  NodeKind kind;
  std::string name;  // unique: "var.x", "module.m.local.y", "test_null.a", "provider.test", "orphan:test_null.z"
  std::vector<Edge> deps;
  std::vector<NodeId> dependents;
  int payload = -1;  // index into the builder's declaration table
};

class Graph {
 public:
  NodeId add(NodeKind kind, std::string name, int payload = -1);
  // `from` depends on `to`. Duplicate edges are ignored.
  void depend(NodeId from, NodeId to, const SourceRange& where = {});
  std::optional<NodeId> find(const std::string& name) const;

  const Node& node(NodeId id) const { return nodes_[static_cast<size_t>(id)]; }
  size_t size() const { return nodes_.size(); }

  // A cycle as the sequence of nodes a -> b -> ... -> a, if there is one.
  std::optional<std::vector<NodeId>> find_cycle() const;
  // The nodes `roots` depend on, transitively, including the roots.
  std::vector<bool> dependencies_of(const std::vector<NodeId>& roots) const;
  // The nodes that depend on `roots`, transitively, including the roots.
  std::vector<bool> dependents_of(const std::vector<NodeId>& roots) const;

  // Graphviz DOT; node_styles[id], when given, holds extra attributes such as "color=green".
  std::string to_dot(const std::vector<std::string>& node_styles = {}) const;

 private:
  std::vector<Node> nodes_;
  std::unordered_map<std::string, NodeId> index_;
};

// "a -> b -> a" with the place of each edge, as one Diagnostic.
Diagnostic cycle_diagnostic(const Graph& g, const std::vector<NodeId>& cycle);

}  // namespace forma::graph
