// The ARM surface, one entry point per family of URLs; router.cpp picks the
// entry point from the path, after authentication, the subscription check and
// the api-version check. Segment indexes refer to ArmRequest::segments:
// 0 subscriptions, 1 {s}, 2 resourceGroups, 3 {g}, 4 providers, 5 {namespace}, 6 {type}, 7 {name} …
#pragma once

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// /subscriptions/{s}/resourcegroups[/{g}]  (resource_groups.cpp)
void handle_resource_groups(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// …/resourceGroups/{g}/providers/Microsoft.Storage/…  (storage.cpp, storage_children.cpp)
void handle_storage(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
void handle_storage_children(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                             const StoredResource& account);
// /subscriptions/{s}/providers/Microsoft.Storage/…  (storage.cpp)
void handle_storage_subscription(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// …/resourceGroups/{g}/providers/Microsoft.BatchAI/workspaces[/{w}]  (batchai_workspaces.cpp)
void handle_batchai(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// …/workspaces/{w}/clusters[/{c}[/listRemoteLoginInformation]]  (batchai_clusters.cpp)
void handle_clusters(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace);
// …/workspaces/{w}/fileServers[/{f}]  (batchai_file_servers.cpp)
void handle_file_servers(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                         const StoredResource& workspace);
// …/workspaces/{w}/experiments[/{e}]  (batchai_experiments.cpp)
void handle_experiments(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                        const StoredResource& workspace);
// /subscriptions/{s}/providers/Microsoft.BatchAI/…: usages, operation polling, workspaces
// (batchai_subscription.cpp)
void handle_batchai_subscription(Cloud& cloud, const ArmRequest& req, ArmResponse& res);

// …/resourceGroups/{g}/providers/Microsoft.Network/…  (network_routes.cpp)
void handle_network(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// …/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachineScaleSets/…  (scale_sets.cpp)
void handle_compute(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// …/resourceGroups/{g}/providers/Microsoft.Insights/autoscalesettings[/{a}]  (autoscale_settings.cpp)
void handle_insights(Cloud& cloud, const ArmRequest& req, ArmResponse& res);

// …/resourceGroups/{g}/providers/Microsoft.Resources/deployments[/{d}[/validate|whatIf]]  (deployments.cpp)
void handle_deployments(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// Any other resource type, stored as sent  (generic_resources.cpp)
void handle_generic(Cloud& cloud, const ArmRequest& req, ArmResponse& res);
// GET /subscriptions/{s}/resourceGroups/{g}/resources  (generic_resources.cpp)
void handle_group_resources(Cloud& cloud, const ArmRequest& req, ArmResponse& res);

// Shared by the handlers (router.cpp).
void method_not_allowed(const ArmRequest& req, ArmResponse& res);
// {"value":[…]} of the rendered resources.
json list_body(const Cloud& cloud, const std::vector<const StoredResource*>& resources);
// A loopback address of its own for a cluster or file server: 127.10.a.b, persisted.
std::string allocate_loopback_ip(Cloud& cloud);
// Batch AI's name rule for workspaces, clusters, file servers, experiments.
bool valid_batchai_name(const std::string& name);

}  // namespace forma::emulator
