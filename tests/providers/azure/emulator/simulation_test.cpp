// Node simulation computed from timestamps: deterministic given the seed.
#include "providers/azure/emulator/simulation.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

using namespace forma;
using namespace forma::emulator;

namespace {

Options sim_options(uint64_t seed) {
  Options o;
  o.seed = seed;
  o.provisioning_ms = 100;
  o.autoscale_period_ms = 1000;
  o.preempt_period_ms = 1000;
  o.preempt_rate = 0;
  return o;
}

StoredResource cluster(const Cloud& cloud, int nodes, bool low_priority, json autoscale = nullptr) {
  StoredResource c{"/subscriptions/s/resourceGroups/rg/providers/Microsoft.BatchAI/workspaces/w/clusters/c",
                   "Microsoft.BatchAI/workspaces/clusters",
                   {{"properties", {{"provisioningState", "succeeded"}}}},
                   {{"cores", 6}, {"family", "standardNCFamily"}, {"low_priority", low_priority}}};
  if (!autoscale.is_null()) c.internal["autoscale"] = autoscale;
  begin_allocation(cloud, c, nodes, 0);
  return c;
}

std::vector<int> counts_over_time(const Cloud& cloud, const StoredResource& c, int64_t until_ms,
                                  int64_t step_ms) {
  std::vector<int> counts;
  for (int64_t t = 0; t <= until_ms; t += step_ms) counts.push_back(cluster_state(cloud, c, t).current_nodes);
  return counts;
}

}  // namespace

TEST_CASE("an allocation resizes for provisioning_ms and its new nodes prepare before going idle") {
  Cloud cloud(sim_options(1), "key");
  const StoredResource c = cluster(cloud, 3, false);
  ClusterState during = cluster_state(cloud, c, 50);
  CHECK(during.allocation_state == "resizing");
  CHECK(during.current_nodes == 0);
  ClusterState preparing = cluster_state(cloud, c, 110);
  CHECK(preparing.allocation_state == "steady");
  CHECK(preparing.preparing == 3);
  ClusterState idle = cluster_state(cloud, c, 200);
  CHECK(idle.idle == 3);
  CHECK(idle.node_indexes == std::vector<int>{0, 1, 2});
}

TEST_CASE("auto-scale drift stays within its bounds and is the same for the same seed") {
  Cloud one(sim_options(7), "key"), again(sim_options(7), "key"), other(sim_options(8), "key");
  const json bounds = {{"min", 1}, {"max", 5}};
  const auto a = counts_over_time(one, cluster(one, 3, false, bounds), 120000, 1000);
  const auto b = counts_over_time(again, cluster(again, 3, false, bounds), 120000, 1000);
  const auto c = counts_over_time(other, cluster(other, 3, false, bounds), 120000, 1000);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a.front() == 0);  // before the first allocation settles
  CHECK(*std::min_element(a.begin() + 1, a.end()) >= 1);
  CHECK(*std::max_element(a.begin(), a.end()) <= 5);
  CHECK(std::set<int>(a.begin(), a.end()).size() > 1);  // it does move
}

TEST_CASE("low-priority nodes are preempted and come back; dedicated ones are not") {
  Options o = sim_options(3);
  o.preempt_rate = 0.5;
  Cloud cloud(o, "key");
  const auto low = counts_over_time(cloud, cluster(cloud, 4, true), 60000, 50);
  CHECK(*std::min_element(low.begin(), low.end()) < 4);
  CHECK(low.back() <= 4);
  CHECK(std::count(low.begin() + 4, low.end(), 4) > 0);  // back to full strength at times
  const auto dedicated = counts_over_time(cloud, cluster(cloud, 4, false), 60000, 50);
  CHECK(std::count(dedicated.begin() + 4, dedicated.end(), 4) == static_cast<long>(dedicated.size()) - 4);
  Cloud same(o, "key");
  CHECK(counts_over_time(same, cluster(same, 4, true), 60000, 50) == low);
}
