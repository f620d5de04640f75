// The ARM -> state mapping of azure_batchai_cluster, and what it means for
// plans: node counts never differ, a resize behind forma's back does.
#include <catch2/catch.hpp>

#include "providers/azure/cluster_state.h"
#include "tests/providers/azure/azure_test_support.h"

using namespace forma;
using namespace forma::azure;
using forma::azure::testing::plan_cluster_config;

namespace {

const char* kClusterId =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/"
    "Microsoft.BatchAI/workspaces/demo_workspace/clusters/demo_cluster";

// GetCluster.json's 200 body.
json get_cluster_body() {
  return json::parse(R"({
    "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/Microsoft.BatchAI/workspaces/demo_workspace/clusters/demo_cluster",
    "name": "demo_cluster", "type": "Microsoft.BatchAI/Clusters",
    "properties": {
      "provisioningState": "succeeded", "allocationState": "resizing",
      "creationTime": "2017-09-27T21:50:02.377Z", "vmSize": "STANDARD_NC6", "currentNodeCount": 0,
      "nodeStateCounts": {"runningNodeCount": 0, "idleNodeCount": 0, "unusableNodeCount": 0,
                          "preparingNodeCount": 0, "leavingNodeCount": 0},
      "vmPriority": "dedicated",
      "scaleSettings": {"manual": {"targetNodeCount": 1, "nodeDeallocationOption": "requeue"}},
      "virtualMachineConfiguration": {"imageReference": {"publisher": "Canonical", "offer": "UbuntuServer",
                                                         "sku": "16.04-LTS", "version": "latest"}},
      "userAccountSettings": {"adminUserName": "admin_user_name"},
      "nodeSetup": {"mountVolumes": {
        "azureFileShares": [{"accountName": "storage_account_name",
                             "azureFileUrl": "https://storage_account_name.file.core.windows.net/azure_file_share_name",
                             "credentials": {}, "relativeMountPath": "azfiles", "fileMode": "0777", "directoryMode": "0777"}],
        "fileServers": [{"fileServer": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/Microsoft.BatchAI/workspaces/demo_workspace/fileservers/fileservercedd134b"},
                         "relativeMountPath": "nfs", "mountOptions": "rw"}]}},
      "subnet": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/Microsoft.Network/virtualNetworks/7feb1976-8c31-4f1f-bea2-86cb1839a7bavnet/subnets/Subnet-1"}
    }})");
}

json demo_config() {
  return {{"name", "demo_cluster"},
          {"workspace_id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/"
                           "providers/Microsoft.BatchAI/workspaces/demo_workspace"},
          {"vm_size", "Standard_NC6"},
          {"image", "UbuntuLTS"},
          {"scale", {{"manual", {{"target_nodes", 1}}}}},
          {"user", {{"name", "admin_user_name"}, {"password", "admin_user_password"}}}};
}

// The state forma records after creating demo_config() and Azure answering `body`.
json created_state(const json& body) {
  sdk::PlannedChange change = plan_cluster_config(demo_config());
  return cluster_state(change.planned_state, *parse_arm_id(kClusterId), body);
}

}  // namespace

TEST_CASE("GetCluster.json becomes the cluster's state") {
  json state = created_state(get_cluster_body());
  CHECK(state["id"] == kClusterId);
  CHECK(state["resource_group"] == "demo_resource_group");
  CHECK(state["workspace_name"] == "demo_workspace");
  CHECK(state["vm_size"] == "Standard_NC6");  // Azure's capitals are the same size
  CHECK(state["vm_priority"] == "dedicated");
  CHECK(state["scale"] == json{{"manual", {{"target_nodes", 1}, {"deallocation_option", "requeue"}}}, {"auto", nullptr}});
  CHECK(state["image_reference"]["version"] == "latest");
  CHECK(state["user"] == json{{"name", "admin_user_name"}, {"ssh_public_key", nullptr},
                              {"password", "admin_user_password"}});  // Azure never returns it; forma keeps it
  CHECK(state["provisioning_state"] == "succeeded");
  CHECK(state["allocation_state"] == "resizing");
  CHECK(state["node_state_counts"] ==
        json{{"idle", 0}, {"running", 0}, {"preparing", 0}, {"unusable", 0}, {"leaving", 0}});
  CHECK(state["subnet_id"].get<std::string>().find("/subnets/Subnet-1") != std::string::npos);
  CHECK_FALSE(contains_unknown(state));
}

TEST_CASE("node counts and allocation state changing in Azure are not a diff") {
  json recorded = created_state(get_cluster_body());
  json later = get_cluster_body();
  later["properties"]["allocationState"] = "steady";
  later["properties"]["currentNodeCount"] = 1;
  later["properties"]["nodeStateCounts"]["idleNodeCount"] = 1;
  json refreshed = cluster_state(recorded, *parse_arm_id(kClusterId), later);
  CHECK(refreshed["current_node_count"] == 1);
  sdk::PlannedChange change = plan_cluster_config(demo_config(), refreshed);
  CHECK(change.requires_replace.empty());
  CHECK(change.planned_state == refreshed);
}

TEST_CASE("a cluster resized behind forma's back plans an in-place update of the scale") {
  json recorded = created_state(get_cluster_body());
  json resized = get_cluster_body();
  resized["properties"]["scaleSettings"] = {{"autoScale", {{"minimumNodeCount", 0}, {"maximumNodeCount", 10},
                                                           {"initialNodeCount", 0}}}};
  json refreshed = cluster_state(recorded, *parse_arm_id(kClusterId), resized);
  CHECK(refreshed["scale"]["auto"]["max_nodes"] == 10);
  sdk::PlannedChange change = plan_cluster_config(demo_config(), refreshed);
  CHECK(change.requires_replace.empty());
  CHECK(change.planned_state != refreshed);
  CHECK(change.planned_state["scale"] == recorded["scale"]);
}

TEST_CASE("changing the VM size or priority replaces the cluster") {
  json recorded = created_state(get_cluster_body());
  json config = demo_config();
  config["vm_priority"] = "lowpriority";
  CHECK(plan_cluster_config(config, recorded).requires_replace == std::vector<std::string>{"/vm_priority"});
  config = demo_config();
  config["vm_size"] = "Standard_NC12";
  CHECK(plan_cluster_config(config, recorded).requires_replace == std::vector<std::string>{"/vm_size"});
}

TEST_CASE("an imported cluster records its mounts from Azure, without keys") {
  json state = cluster_state(json::object(), *parse_arm_id(kClusterId), get_cluster_body());
  CHECK(state["vm_size"] == "STANDARD_NC6");
  CHECK(state["azure_file_shares"][0]["azure_file_url"] ==
        "https://storage_account_name.file.core.windows.net/azure_file_share_name");
  CHECK(state["azure_file_shares"][0]["account_key"].is_null());
  CHECK(state["file_servers"][0]["relative_mount_path"] == "nfs");
  CHECK(state["generate_ssh_keys"] == false);
  CHECK_FALSE(contains_unknown(state));
}

TEST_CASE("allocation errors reported by Azure are recorded in state") {
  json body = get_cluster_body();
  body["properties"]["errors"] = {{{"code", "InsufficientCoreQuota"},
                                   {"message", "The specified subscription has a core quota of 0"}}};
  json state = created_state(body);
  REQUIRE(state["errors"].size() == 1);
  CHECK(state["errors"][0]["code"] == "InsufficientCoreQuota");
}
