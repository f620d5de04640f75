// Subscription-wide Batch AI URLs: core usages per location, the polling
// URLs of long-running operations, and every workspace in the subscription.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/quotas.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

json usage(const std::string& name, const std::string& localized, int current, int limit) {
  return {{"unit", "Count"},
          {"currentValue", current},
          {"limit", limit},
          {"name", {{"value", name}, {"localizedValue", localized}}}};
}

// Cores held per family (dedicated) and in low priority, from the nodes present now.
void list_usages(const Cloud& cloud, ArmResponse& res) {
  std::map<std::string, int> dedicated;
  int low_priority = 0, clusters = 0;
  for (const StoredResource* r :
       cloud.store.under(cloud.subscription_id(), "Microsoft.BatchAI/workspaces/clusters")) {
    ++clusters;
    const int cores = r->internal.value("cores", 0) * cluster_state(cloud, *r, cloud.now()).current_nodes;
    if (r->internal.value("low_priority", false))
      low_priority += cores;
    else
      dedicated[r->internal.value("family", "")] += cores;
  }
  int total_dedicated = 0, total_limit = 0;
  json value = json::array({usage("Clusters", "Clusters", clusters, 200)});
  json families = json::array();
  for (const std::string& family : known_families()) {
    total_dedicated += dedicated[family];
    total_limit += cloud.quotas.dedicated_for(family);
    const std::string display = family_display_name(family) + " Cluster Dedicated vCPUs";
    families.push_back(usage(display, display, dedicated[family], cloud.quotas.dedicated_for(family)));
  }
  value.push_back(usage("Total Cluster Dedicated Regional vCPUs", "Total Cluster Dedicated Regional vCPUs",
                        total_dedicated, total_limit));
  for (const json& f : families) value.push_back(f);
  value.push_back(usage("Total Cluster LowPriority Regional vCPUs",
                        "Total Cluster Low Priority Regional vCPUs", low_priority,
                        cloud.quotas.low_priority));
  res.set(200, {{"value", value}});
}

}  // namespace

void handle_batchai_subscription(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  // /subscriptions/{s}/providers/Microsoft.BatchAI/{workspaces | locations/{l}/{usages |
  // operationresults/{id} | …}}
  if (req.size() == 5 && req.is(4, "workspaces")) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(
        200, list_body(cloud, cloud.store.under(cloud.subscription_id(), "Microsoft.BatchAI/workspaces")));
  }
  if (req.size() == 7 && req.is(4, "locations") && req.is(6, "usages")) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return list_usages(cloud, res);
  }
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "operationresults"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Status);
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "operationstatuses"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Location);
  arm_error(res, 404, "InvalidResourceType",
            "The resource type could not be found in the namespace 'Microsoft.BatchAI'.");
}

}  // namespace forma::emulator
