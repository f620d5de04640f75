// A parallel walk of the graph: a node runs as soon as everything it depends
// on is done, on at most `parallelism` threads. A node may expand into
// subtasks (one per resource instance) that run in parallel too. Of the
// ready work, the node with the longest chain of dependents behind it starts
// first (critical path first), so a long chain is not left waiting behind
// independent nodes that could run beside it.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "engine/graph/graph.h"

namespace forma::graph {

struct Visit {
  bool ok = true;
  std::vector<std::function<bool()>> subtasks;  // each returns false on failure
  // Runs after every subtask has finished (or been cancelled); its result is the node's.
  std::function<bool(bool all_subtasks_ok)> finish;
};

using Visitor = std::function<Visit(NodeId)>;

enum class Outcome { NotRun, Done, Failed, Skipped };

struct WalkOptions {
  int parallelism = 10;
  const std::atomic<bool>* cancel = nullptr;  // once true, nothing new starts
  std::vector<bool> include;                  // empty: every node
};

// A failed node's dependents are Skipped; independent branches go on.
// Returns one outcome per node.
std::vector<Outcome> walk(const Graph& g, const WalkOptions& options, const Visitor& visit);

}  // namespace forma::graph
