#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "engine/graph/address.h"
#include "engine/graph/graph.h"
#include "engine/graph/walk.h"

using namespace forma;
using namespace forma::graph;

TEST_CASE("a cycle is reported with its whole path") {
  Graph g;
  NodeId a = g.add(NodeKind::Resource, "test_null.a");
  NodeId b = g.add(NodeKind::Resource, "test_null.b");
  NodeId c = g.add(NodeKind::Resource, "test_null.c");
  g.depend(a, b, SourceRange{"main.forma.json", {3, 5}, {3, 5}});
  g.depend(b, c, SourceRange{"main.forma.json", {6, 5}, {6, 5}});
  REQUIRE_FALSE(g.find_cycle());
  g.depend(c, a, SourceRange{"other.forma.json", {2, 9}, {2, 9}});
  auto cycle = g.find_cycle();
  REQUIRE(cycle);
  auto d = cycle_diagnostic(g, *cycle);
  CHECK(d.summary == "Cycle: test_null.a -> test_null.b -> test_null.c -> test_null.a");
  CHECK(d.detail.find("other.forma.json:2:9") != std::string::npos);
  CHECK(d.range.to_string() == "main.forma.json:3:5");
}

TEST_CASE("a node runs only after everything it depends on") {
  Graph g;
  std::vector<NodeId> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(g.add(NodeKind::Resource, "r" + std::to_string(i)));
  for (int i = 1; i < 20; ++i) g.depend(ids[static_cast<size_t>(i)], ids[static_cast<size_t>(i / 2)]);
  std::mutex mu;
  std::vector<int> order;
  auto outcomes = walk(g, WalkOptions{4, nullptr, {}}, [&](NodeId id) {
    std::lock_guard lock(mu);
    order.push_back(id);
    return Visit{};
  });
  REQUIRE(order.size() == 20);
  std::vector<size_t> pos(20);
  for (size_t i = 0; i < order.size(); ++i) pos[static_cast<size_t>(order[i])] = i;
  for (int i = 1; i < 20; ++i) CHECK(pos[static_cast<size_t>(i / 2)] < pos[static_cast<size_t>(i)]);
  for (auto o : outcomes) CHECK(o == Outcome::Done);
}

TEST_CASE("of the ready nodes, the one with the longest chain behind it starts first") {
  // a and b stand alone; c -> d -> e is a chain (d depends on c, e on d).
  Graph g;
  NodeId a = g.add(NodeKind::Resource, "test_null.a");
  NodeId b = g.add(NodeKind::Resource, "test_null.b");
  NodeId c = g.add(NodeKind::Resource, "test_null.c");
  NodeId d = g.add(NodeKind::Resource, "test_null.d");
  NodeId e = g.add(NodeKind::Resource, "test_null.e");
  g.depend(d, c);
  g.depend(e, d);
  std::vector<NodeId> order;
  walk(g, WalkOptions{1, nullptr, {}}, [&](NodeId id) {
    order.push_back(id);
    return Visit{};
  });
  // With one worker the chain goes first; the others, equally short, in the order they became ready.
  CHECK(order == std::vector<NodeId>{c, d, a, b, e});
}

TEST_CASE("a failure skips its dependents and lets independent branches finish") {
  Graph g;
  NodeId bad = g.add(NodeKind::Resource, "bad");
  NodeId child = g.add(NodeKind::Resource, "child");
  NodeId grandchild = g.add(NodeKind::Resource, "grandchild");
  NodeId other = g.add(NodeKind::Resource, "other");
  g.depend(child, bad);
  g.depend(grandchild, child);
  auto outcomes = walk(g, WalkOptions{2, nullptr, {}}, [&](NodeId id) {
    Visit v;
    v.ok = id != bad;
    return v;
  });
  CHECK(outcomes[static_cast<size_t>(bad)] == Outcome::Failed);
  CHECK(outcomes[static_cast<size_t>(child)] == Outcome::Skipped);
  CHECK(outcomes[static_cast<size_t>(grandchild)] == Outcome::Skipped);
  CHECK(outcomes[static_cast<size_t>(other)] == Outcome::Done);
}

TEST_CASE("subtasks of one node run in parallel up to the parallelism") {
  Graph g;
  NodeId n = g.add(NodeKind::Resource, "test_null.many");
  NodeId after = g.add(NodeKind::Output, "output.x");
  g.depend(after, n);
  std::atomic<int> in_flight{0}, peak{0}, finished{0};
  bool after_saw_all = false;
  walk(g, WalkOptions{5, nullptr, {}}, [&](NodeId id) {
    Visit v;
    if (id == after) {
      after_saw_all = finished.load() == 20;
      return v;
    }
    for (int i = 0; i < 20; ++i)
      v.subtasks.push_back([&] {
        int now = ++in_flight;
        int p = peak.load();
        while (now > p && !peak.compare_exchange_weak(p, now)) {}
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        --in_flight;
        ++finished;
        return true;
      });
    return v;
  });
  CHECK(after_saw_all);
  CHECK(peak.load() == 5);
}

TEST_CASE("after cancellation nothing new starts") {
  Graph g;
  NodeId first = g.add(NodeKind::Resource, "first");
  NodeId second = g.add(NodeKind::Resource, "second");
  g.depend(second, first);
  std::atomic<bool> cancel{false};
  int ran = 0;
  auto outcomes = walk(g, WalkOptions{1, &cancel, {}}, [&](NodeId) {
    ++ran;
    cancel = true;
    return Visit{};
  });
  CHECK(ran == 1);
  CHECK(outcomes[static_cast<size_t>(first)] == Outcome::Done);
  CHECK(outcomes[static_cast<size_t>(second)] == Outcome::NotRun);
}

TEST_CASE("addresses parse and print") {
  std::string err;
  auto a = parse_address("module.net.test_null.a[\"k.1\"]", err);
  REQUIRE(a);
  CHECK(a->module == "module.net");
  CHECK(a->type == "test_null");
  CHECK(a->key.to_string() == "[\"k.1\"]");
  CHECK(a->to_string() == "module.net.test_null.a[\"k.1\"]");
  auto d = parse_address("data.test_file.f[2]", err);
  REQUIRE(d);
  CHECK(d->data);
  CHECK(d->base() == "data.test_file.f");
  CHECK_FALSE(parse_address("test_null", err));
  CHECK(err.find("not a valid resource address") != std::string::npos);
  CHECK_FALSE(parse_address("test_null.a[x]", err));
}
