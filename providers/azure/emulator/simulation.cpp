#include "providers/azure/emulator/simulation.h"

#include <algorithm>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/batchai_nodes.h"
#include "providers/azure/emulator/network_kinds.h"
#include "providers/azure/emulator/network_model.h"

namespace forma::emulator {
namespace {

constexpr const char* kClusterType = "Microsoft.BatchAI/workspaces/clusters";

uint64_t mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t draw(const Cloud& cloud, const std::string& id, uint64_t a, uint64_t b = 0) {
  uint64_t h = mix(cloud.options.seed);
  for (unsigned char c : resource_key(id)) h = mix(h ^ c);
  return mix(mix(h ^ a) ^ (b * 0x9e3779b97f4a7c15ULL));
}

double unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

int64_t allocation_ms(const Cloud& cloud) { return std::max(1, cloud.options.provisioning_ms); }

// Auto-scale drift: every period after the allocation settled, one step up,
// down or none, kept within [min, max].
int autoscale_nodes(const Cloud& cloud, const StoredResource& cluster, int start, int64_t steady_ms,
                    int64_t now) {
  const json& scale = cluster.internal["autoscale"];
  const int lo = scale.value("min", 0), hi = scale.value("max", 0);
  const int64_t period = std::max(1, cloud.options.autoscale_period_ms);
  const int64_t steps = std::min<int64_t>((now - steady_ms) / period, 100000);
  int nodes = std::clamp(start, lo, hi);
  for (int64_t k = 1; k <= steps; ++k) {
    const uint64_t h = draw(cloud, cluster.id, 0xa5ca1e, static_cast<uint64_t>(k)) % 3;
    nodes = std::clamp(nodes + (h == 0 ? 1 : h == 1 ? -1 : 0), lo, hi);
  }
  return nodes;
}

// Low-priority nodes preempted at `now`: each node, each period, is preempted
// with preempt_rate at a drawn moment and comes back after two allocations' time.
std::vector<bool> preempted_nodes(const Cloud& cloud, const StoredResource& cluster, int nodes,
                                  int64_t steady_ms, int64_t now, int64_t& latest_start) {
  std::vector<bool> gone(static_cast<size_t>(nodes), false);
  const double rate = cloud.options.preempt_rate;
  if (rate <= 0 || now < steady_ms) return gone;
  const int64_t period = std::max(1, cloud.options.preempt_period_ms);
  const int64_t recovery = 2 * allocation_ms(cloud);
  const int64_t current = (now - steady_ms) / period;
  for (int64_t m = std::max<int64_t>(0, current - recovery / period - 1); m <= current; ++m) {
    for (int i = 0; i < nodes; ++i) {
      const uint64_t h = draw(cloud, cluster.id, static_cast<uint64_t>(m) + 1, static_cast<uint64_t>(i) + 1);
      if (unit(h) >= rate) continue;
      const int64_t at =
          steady_ms + m * period + static_cast<int64_t>(mix(h) % static_cast<uint64_t>(period));
      if (at <= now && now < at + recovery) {
        gone[static_cast<size_t>(i)] = true;
        latest_start = std::max(latest_start, at);
      }
    }
  }
  return gone;
}

int cores_used_by_others(const Cloud& cloud, const StoredResource& cluster, bool low_priority,
                         const std::string& family) {
  int used = 0;
  for (const StoredResource* other : cloud.store.all()) {
    if (other->type != kClusterType || resource_key(other->id) == resource_key(cluster.id)) continue;
    if (other->body["properties"].value("provisioningState", "") == "failed") continue;
    const json& in = other->internal;
    if (in.value("low_priority", false) != low_priority) continue;
    if (!low_priority && in.value("family", "") != family) continue;
    const json alloc = in.value("alloc", json::object());
    const int held = alloc.value("error", json()).is_null() ? alloc.value("to", 0) : alloc.value("from", 0);
    used += held * in.value("cores", 0);
  }
  return used;
}

// Nodes from `first_leaving` on are leaving. With a setup task a node
// prepares until the node supervisor reports it idle or unusable; without
// one, nodes from `first_new` on prepare while `preparing` holds.
void count_node_states(const Cloud& cloud, const StoredResource& cluster, ClusterState& s, int first_leaving,
                       bool preparing, int first_new) {
  const bool has_setup = cluster.body["properties"].value("nodeSetup", json::object()).contains("setupTask");
  for (int i : s.node_indexes) {
    const auto reported = cloud.node_states.find(batchai_node_key(cluster, i));
    const std::string known = reported == cloud.node_states.end() ? "" : reported->second;
    std::string state = preparing && i >= first_new ? "preparing" : "idle";
    if (has_setup) state = known.empty() ? "preparing" : known;
    if (known == "unusable") state = "unusable";
    if (i >= first_leaving) state = "leaving";
    s.node_states.push_back(state);
    (state == "leaving"     ? s.leaving
     : state == "preparing" ? s.preparing
     : state == "unusable"  ? s.unusable
                            : s.idle)++;
  }
}

void fill_steady_state(const Cloud& cloud, const StoredResource& cluster, int64_t now, ClusterState& s) {
  const json& alloc = cluster.internal["alloc"];
  const int64_t start = alloc.value("start_ms", int64_t{0}), steady = start + allocation_ms(cloud);
  const int from = alloc.value("from", 0), to = alloc.value("to", 0);
  const bool failed = !alloc.value("error", json()).is_null();
  if (failed) s.errors.push_back(alloc["error"]);
  if (now < steady) {  // resizing: the old nodes are still there; shrinking ones are leaving
    s.allocation_state = "resizing";
    s.allocation_transition_ms = start;
    s.current_nodes = from;
    for (int i = 0; i < from; ++i) s.node_indexes.push_back(i);
    count_node_states(cloud, cluster, s, failed ? from : to, false, 0);
    return;
  }
  int nodes = failed ? from : to;
  if (!failed && cluster.internal.contains("autoscale"))
    nodes = autoscale_nodes(cloud, cluster, nodes, steady, now);
  s.allocation_transition_ms = steady;
  int64_t preempted_since = 0;
  const std::vector<bool> gone = cluster.internal.value("low_priority", false)
                                     ? preempted_nodes(cloud, cluster, nodes, steady, now, preempted_since)
                                     : std::vector<bool>(static_cast<size_t>(nodes), false);
  for (int i = 0; i < nodes; ++i)
    if (!gone[static_cast<size_t>(i)]) s.node_indexes.push_back(i);
  s.current_nodes = static_cast<int>(s.node_indexes.size());
  if (s.current_nodes < nodes) {  // preempted nodes are being replaced
    s.allocation_state = "resizing";
    s.allocation_transition_ms = preempted_since;
  }
  const bool preparing = !failed && now < steady + allocation_ms(cloud) / 2;
  count_node_states(cloud, cluster, s, nodes, preparing, from);
}

json render_cluster(const Cloud& cloud, const StoredResource& cluster) {
  json body = cluster.body;
  const ClusterState s = cluster_state(cloud, cluster, cloud.now());
  json& p = body["properties"];
  p["allocationState"] = s.allocation_state;
  p["allocationStateTransitionTime"] = iso_time(s.allocation_transition_ms);
  p["currentNodeCount"] = s.current_nodes;
  p["nodeStateCounts"] = {{"idleNodeCount", s.idle},
                          {"runningNodeCount", s.running},
                          {"preparingNodeCount", s.preparing},
                          {"unusableNodeCount", s.unusable},
                          {"leavingNodeCount", s.leaving}};
  if (!s.errors.empty()) p["errors"] = s.errors;
  if (p.contains("nodeSetup") && p["nodeSetup"].contains("setupTask"))
    p["nodeSetup"]["setupTask"]["stdOutErrPathSuffix"] = setup_output_suffix(cluster);
  return body;
}

}  // namespace

ClusterState cluster_state(const Cloud& cloud, const StoredResource& cluster, int64_t now) {
  ClusterState s;
  const json& props = cluster.body["properties"];
  const std::string state = props.value("provisioningState", "");
  s.allocation_transition_ms = cluster.internal.value("created_ms", int64_t{0});
  if (state == "creating") {
    s.allocation_state = "resizing";
    return s;
  }
  if (state == "failed" || !cluster.internal.contains("alloc")) return s;
  fill_steady_state(cloud, cluster, now, s);
  return s;
}

void begin_allocation(const Cloud& cloud, StoredResource& cluster, int target, int64_t start_ms) {
  const ClusterState now_state = cluster_state(cloud, cluster, start_ms);
  const int from = cluster.internal.contains("alloc") ? now_state.current_nodes : 0;
  json alloc = {{"start_ms", start_ms}, {"from", from}, {"to", target}, {"error", nullptr}};
  const json& in = cluster.internal;
  const bool low_priority = in.value("low_priority", false);
  const std::string family = in.value("family", "");
  const int cores = in.value("cores", 0);
  const int limit = low_priority ? cloud.quotas.low_priority : cloud.quotas.dedicated_for(family);
  const int free_cores = std::max(0, limit - cores_used_by_others(cloud, cluster, low_priority, family));
  if (target > from && target * cores > free_cores) {
    const std::string kind = low_priority ? "low-priority" : "dedicated";
    alloc["error"] = {
        {"code", "InsufficientCoreQuota"},
        {"message", "The specified subscription has a " + kind + " core quota of " + std::to_string(limit) +
                        " cores" + (low_priority ? "" : " for " + family) + "; " +
                        std::to_string(free_cores) + " are free but " + std::to_string(target) +
                        " nodes of " + std::to_string(cores) + " cores need " +
                        std::to_string(target * cores) + ". Request a quota increase or resize the cluster."},
        {"details", json::array({{{"name", "family"}, {"value", low_priority ? "lowPriority" : family}},
                                 {{"name", "limit"}, {"value", std::to_string(limit)}},
                                 {{"name", "requested"}, {"value", std::to_string(target * cores)}}})}};
  }
  cluster.internal["alloc"] = alloc;
}

json render_resource(const Cloud& cloud, const StoredResource& resource) {
  if (resource.type == kClusterType) return render_cluster(cloud, resource);
  if (resource.type == kVnetType) return render_virtual_network(cloud, resource);
  if (resource.type == kSubnetType) return render_subnet(cloud, resource);
  if (resource.type == kPublicIpType) return render_public_ip(cloud, resource);
  if (resource.type == kLoadBalancerType) return render_load_balancer(cloud, resource);
  return resource.body;
}

}  // namespace forma::emulator
