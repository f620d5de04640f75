// The config -> ARM request body mapping of azure_batchai_cluster, checked
// against the bodies of the Batch AI REST examples and the az CLI recordings.
#include <catch2/catch.hpp>

#include "providers/azure/cluster_body.h"
#include "providers/azure/cluster_config_file.h"
#include "providers/azure/workspace_ref.h"
#include "tests/providers/azure/azure_test_support.h"

using namespace forma;
using namespace forma::azure;
using forma::azure::testing::env_of;
using forma::azure::testing::plan_cluster_config;

namespace {

const char* kFileServerId =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/"
    "Microsoft.BatchAI/workspaces/demo_workspaces/fileservers/fileservercedd134b";
const char* kKey = "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000==";
const char* kCliKey =
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDKUDnWeK6rx36apNE9ij1iAXn68FKXLTW0009XK/7dyMewlNfXi6Z2opnxHDDYWucMluU0dsvBR22"
    "OuYH2RHriPJTi1jN3aZ0zZSrlH/W4MSNQKlG/AnrjJPA3xfYjIKLGuKBqSIvMsmrkuDfIfMaDnPcxb+GzM10L5epRhoP5FwqaQbLqp640YzFSLqMC"
    "hz7E6RG54CpEm+MRvA7lj9nD9AlYnfRQAKj2thsFrkz7AlYLQ1ug8vV+1Y3xSKDbo5vy6oqM3QKeLiUiyN9Ff1Rq4uYnrqJqcWN1ADfiPGZZjEStO"
    "kRgG3V6JrpIN+z0Zl3n+sjrH+CKwrYmyni6D41L";

json body_for(const json& config, const json& file_properties = json::object(),
              const std::optional<AutoStorageMounts>& auto_storage = std::nullopt) {
  sdk::PlannedChange change = plan_cluster_config(config, nullptr, file_properties);
  REQUIRE_FALSE(has_errors(change.diagnostics));
  return cluster_create_body(change.planned_state, file_properties, auto_storage);
}

}  // namespace

TEST_CASE("the PutCluster.json example's request body is what a matching config produces") {
  json config = {
      {"name", "demo_cluster"},
      {"resource_group", "demo_resource_group"},
      {"workspace_name", "demo_workspace"},
      {"vm_size", "STANDARD_NC6"},
      {"scale", {{"manual", {{"target_nodes", 1}}}}},
      {"user", {{"name", "admin_user_name"}, {"ssh_public_key", "ssh-rsa AAAAB3NzaC1yc..."},
                {"password", "admin_user_password"}}},
      {"file_servers", {{{"file_server_id", kFileServerId}, {"relative_mount_path", "nfs"}, {"mount_options", "rw"}}}},
      {"azure_file_shares", {{{"account_name", "storage_account_name"}, {"account_key", kKey},
                              {"share_name", "azure_file_share_name"}, {"relative_mount_path", "azfiles"}}}},
  };
  json expected = json::parse(R"({"properties": {
    "scaleSettings": {"manual": {"nodeDeallocationOption": "requeue", "targetNodeCount": 1}},
    "userAccountSettings": {"adminUserPassword": "admin_user_password",
                            "adminUserSshPublicKey": "ssh-rsa AAAAB3NzaC1yc...", "adminUserName": "admin_user_name"},
    "nodeSetup": {"mountVolumes": {
      "fileServers": [{"fileServer": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo_resource_group/providers/Microsoft.BatchAI/workspaces/demo_workspaces/fileservers/fileservercedd134b"},
                       "mountOptions": "rw", "relativeMountPath": "nfs"}],
      "azureFileShares": [{"relativeMountPath": "azfiles", "directoryMode": "0777", "accountName": "storage_account_name",
                           "azureFileUrl": "https://storage_account_name.file.core.windows.net/azure_file_share_name",
                           "fileMode": "0777",
                           "credentials": {"accountKey": "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000=="}}]}},
    "vmPriority": "dedicated", "vmSize": "STANDARD_NC6"}})");
  CHECK(body_for(config) == expected);
}

TEST_CASE("a config-less CLI cluster with a share and a container sends the recorded body") {
  // az batchai cluster create -i UbuntuLTS --vm-size STANDARD_D1 --min 1 --max 1 -u DemoUser -k … --afs-name share
  //   --bfs-name container (test_batchai_config_less_cluster_with_file_systems.yaml)
  json config = {
      {"name", "cluster"},
      {"resource_group", "clitest.rg000001"},
      {"workspace_name", "workspace"},
      {"vm_size", "STANDARD_D1"},
      {"image", "UbuntuLTS"},
      {"scale", {{"manual", {{"target_nodes", 1}}}}},
      {"user", {{"name", "DemoUser"}, {"ssh_public_key", kCliKey}}},
      {"azure_file_shares", {{{"account_name", "clitest000002"}, {"account_key", "veryFakedStorageAccountKey=="},
                              {"share_name", "share"}, {"relative_mount_path", "afs"}}}},
      {"azure_blob_containers", {{{"account_name", "clitest000002"}, {"account_key", "veryFakedStorageAccountKey=="},
                                  {"container_name", "container"}, {"relative_mount_path", "bfs"}}}},
  };
  json expected = {{"properties",
                    {{"vmSize", "STANDARD_D1"},
                     {"vmPriority", "dedicated"},
                     {"scaleSettings", {{"manual", {{"targetNodeCount", 1}, {"nodeDeallocationOption", "requeue"}}}}},
                     {"virtualMachineConfiguration",
                      {{"imageReference", {{"publisher", "Canonical"}, {"offer", "UbuntuServer"}, {"sku", "16.04-LTS"}}}}},
                     {"nodeSetup",
                      {{"mountVolumes",
                        {{"azureFileShares",
                          {{{"accountName", "clitest000002"},
                            {"azureFileUrl", "https://clitest000002.file.core.windows.net/share"},
                            {"credentials", {{"accountKey", "veryFakedStorageAccountKey=="}}},
                            {"relativeMountPath", "afs"},
                            {"fileMode", "0777"},
                            {"directoryMode", "0777"}}}},
                         {"azureBlobFileSystems",
                          {{{"accountName", "clitest000002"},
                            {"containerName", "container"},
                            {"credentials", {{"accountKey", "veryFakedStorageAccountKey=="}}},
                            {"relativeMountPath", "bfs"}}}}}}}},
                     {"userAccountSettings", {{"adminUserName", "DemoUser"}, {"adminUserSshPublicKey", kCliKey}}}}}};
  CHECK(body_for(config) == expected);
}

TEST_CASE("an auto-scale config file with CLI placeholders becomes the recorded body") {
  // auto_scale_cluster_with_azure_files.json as `az batchai cluster create -f` sent it
  // (test_batchai_auto_scale_scenario.yaml); forma also states the default priority.
  const std::string file = R"({"properties": {
    "nodeSetup": {"mountVolumes": {"azureFileShares": [{
      "accountName": "<AZURE_BATCHAI_STORAGE_ACCOUNT>",
      "azureFileUrl": "https://<AZURE_BATCHAI_STORAGE_ACCOUNT>.file.core.windows.net/share",
      "credentialsInfo": {"accountKey": "<AZURE_BATCHAI_STORAGE_KEY>"},
      "directoryMode": "0777", "fileMode": "0777", "relativeMountPath": "azfiles"}]}},
    "userAccountSettings": {"adminUserName": "DemoUser", "adminUserPassword": "DemoPa$$w0rd"},
    "vmSize": "STANDARD_D1",
    "scaleSettings": {"autoScale": {"minimumNodeCount": 0, "maximumNodeCount": 1}}}})";
  ClusterFile parsed;
  auto env = env_of({{"AZURE_BATCHAI_STORAGE_ACCOUNT", "clitest000002"},
                     {"AZURE_BATCHAI_STORAGE_KEY", "veryFakedStorageAccountKey=="},
                     {"USER", "tester"}});
  REQUIRE_FALSE(has_errors(parse_cluster_file(file, "cluster.json", env, parsed)));
  json config = {{"name", "cluster"}, {"resource_group", "clitest.rg000001"}, {"workspace_name", "workspace"},
                 {"vm_size", "STANDARD_D1"}, {"config_file", "cluster.json"}};
  sdk::PlannedChange change = plan_cluster_config(config, nullptr, parsed.properties, parsed.sha256, env);
  json body = cluster_create_body(change.planned_state, parsed.properties, std::nullopt);
  json expected = json::parse(R"({"properties": {"vmSize": "STANDARD_D1", "vmPriority": "dedicated",
    "scaleSettings": {"autoScale": {"minimumNodeCount": 0, "maximumNodeCount": 1}},
    "nodeSetup": {"mountVolumes": {"azureFileShares": [{"accountName": "clitest000002",
      "azureFileUrl": "https://clitest000002.file.core.windows.net/share",
      "credentials": {"accountKey": "veryFakedStorageAccountKey=="}, "relativeMountPath": "azfiles",
      "fileMode": "0777", "directoryMode": "0777"}]}},
    "userAccountSettings": {"adminUserName": "DemoUser", "adminUserPassword": "DemoPa$$w0rd"}}})");
  CHECK(body == expected);
  // The plan shows what the file says, so a resize behind forma's back is a diff.
  CHECK(change.planned_state["scale"]["auto"]["max_nodes"] == 1);
  CHECK(change.planned_state["user"]["name"] == "DemoUser");
}

TEST_CASE("explicit arguments override a config file and append to its mounts") {
  json file = {{"vmSize", "STANDARD_D1"},
               {"vmPriority", "lowpriority"},
               {"scaleSettings", {{"manual", {{"targetNodeCount", 1}}}}},
               {"userAccountSettings", {{"adminUserName", "FromFile"}, {"adminUserPassword", "p"}}},
               {"nodeSetup", {{"mountVolumes", {{"fileServers", {{{"fileServer", {{"id", kFileServerId}}},
                                                                  {"relativeMountPath", "nfs"}}}}}}}}};
  json config = {{"name", "c"}, {"resource_group", "g"}, {"workspace_name", "w"}, {"vm_size", "Standard_NC6"},
                 {"config_file", "cluster.json"},
                 {"scale", {{"auto", {{"min_nodes", 0}, {"max_nodes", 4}}}}},
                 {"user", {{"name", "explicit"}}},
                 {"azure_file_shares", {{{"account_name", "acct"}, {"account_key", "k"}, {"share_name", "s"},
                                         {"relative_mount_path", "afs"}}}}};
  json body = body_for(config, file)["properties"];
  CHECK(body["vmSize"] == "Standard_NC6");
  CHECK(body["vmPriority"] == "lowpriority");  // from the file: the config leaves it out
  CHECK(body["scaleSettings"] == json{{"autoScale", {{"minimumNodeCount", 0}, {"maximumNodeCount", 4}}}});
  CHECK(body["userAccountSettings"] == json{{"adminUserName", "explicit"}, {"adminUserPassword", "p"}});
  CHECK(body["nodeSetup"]["mountVolumes"]["fileServers"].size() == 1);
  CHECK(body["nodeSetup"]["mountVolumes"]["azureFileShares"][0]["accountName"] == "acct");
}

TEST_CASE("auto-storage mounts its share at autoafs and its container at autobfs after explicit mounts") {
  json config = {{"name", "c"}, {"resource_group", "g"}, {"workspace_name", "w"}, {"vm_size", "Standard_NC6"},
                 {"scale", {{"manual", {{"target_nodes", 0}}}}},
                 {"user", {{"name", "u"}, {"password", "p"}}},
                 {"auto_storage", json::object()},
                 {"azure_file_shares", {{{"account_name", "mine"}, {"account_key", "k"}, {"share_name", "data"},
                                         {"relative_mount_path", "data"}}}},
                 {"setup_task", {{"command_line", "echo hi"}}}};
  AutoStorageMounts mounts{"bai0123", "secret-key", "https://bai0123.file.core.windows.net/batchaishare", "autoafs",
                           "batchaicontainer", "autobfs"};
  sdk::PlannedChange change = plan_cluster_config(config);
  json planned = change.planned_state;
  CHECK(planned["auto_storage"]["resource_group"] == "batchaiautostorage");
  std::string account = planned["auto_storage"]["storage_account_name"];
  CHECK(account.rfind("bai", 0) == 0);
  CHECK(account.size() == 24);
  // The setup task's output goes to the first file share, as the CLI defaults it.
  CHECK(planned["setup_task"]["std_out_err_path_prefix"] == "$AZ_BATCHAI_MOUNT_ROOT/data");

  json body = cluster_create_body(planned, json::object(), mounts)["properties"];
  json shares = body["nodeSetup"]["mountVolumes"]["azureFileShares"];
  REQUIRE(shares.size() == 2);
  CHECK(shares[0]["accountName"] == "mine");
  CHECK(shares[1] == json{{"accountName", "bai0123"},
                          {"azureFileUrl", "https://bai0123.file.core.windows.net/batchaishare"},
                          {"credentials", {{"accountKey", "secret-key"}}},
                          {"relativeMountPath", "autoafs"},
                          {"fileMode", "0777"},
                          {"directoryMode", "0777"}});
  CHECK(body["nodeSetup"]["mountVolumes"]["azureBlobFileSystems"] ==
        json::array({{{"accountName", "bai0123"}, {"containerName", "batchaicontainer"},
                      {"credentials", {{"accountKey", "secret-key"}}}, {"relativeMountPath", "autobfs"}}}));
  CHECK(body["nodeSetup"]["setupTask"] ==
        json{{"commandLine", "echo hi"}, {"stdOutErrPathPrefix", "$AZ_BATCHAI_MOUNT_ROOT/data"}});
}

TEST_CASE("a setup task's variables and secrets become name/value lists") {
  json config = {{"name", "c"}, {"workspace_id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.BatchAI/workspaces/w"},
                 {"vm_size", "Standard_NC6"}, {"scale", {{"manual", {{"target_nodes", 0}}}}},
                 {"user", {{"name", "u"}, {"password", "p"}}},
                 {"setup_task", {{"command_line", "run"}, {"environment_variables", {{"A", "1"}}},
                                 {"secret_environment_variables", {{"TOKEN", "s3cret"}}},
                                 {"std_out_err_path_prefix", "$AZ_BATCHAI_MOUNT_ROOT/logs"}}}};
  json task = body_for(config)["properties"]["nodeSetup"]["setupTask"];
  CHECK(task["environmentVariables"] == json::array({{{"name", "A"}, {"value", "1"}}}));
  CHECK(task["secrets"] == json::array({{{"name", "TOKEN"}, {"value", "s3cret"}}}));
  CHECK(task["stdOutErrPathPrefix"] == "$AZ_BATCHAI_MOUNT_ROOT/logs");
}

TEST_CASE("image aliases and image_reference blocks name the CLI's images") {
  json base = {{"name", "c"}, {"resource_group", "g"}, {"workspace_name", "w"}, {"vm_size", "Standard_NC6"},
               {"scale", {{"manual", {{"target_nodes", 0}}}}}, {"user", {{"name", "u"}, {"password", "p"}}}};
  json dsvm = base;
  dsvm["image"] = "UbuntuDSVM";
  CHECK(body_for(dsvm)["properties"]["virtualMachineConfiguration"]["imageReference"] ==
        json{{"publisher", "microsoft-ads"}, {"offer", "linux-data-science-vm-ubuntu"}, {"sku", "linuxdsvmubuntu"}});
  json colon = base;
  colon["image"] = "Canonical:UbuntuServer:18.04-LTS:latest";
  CHECK(body_for(colon)["properties"]["virtualMachineConfiguration"]["imageReference"]["version"] == "latest");
  json custom = base;
  custom["image_reference"] = {{"publisher", "Canonical"}, {"offer", "UbuntuServer"}, {"sku", "16.04-LTS"},
                               {"virtual_machine_image_id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i"}};
  CHECK(body_for(custom)["properties"]["virtualMachineConfiguration"]["imageReference"]["virtualMachineImageId"] ==
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i");
  CHECK_FALSE(body_for(base)["properties"].contains("virtualMachineConfiguration"));
}

TEST_CASE("a resize sends PatchCluster.json's body: only the scale settings") {
  json scale = {{"manual", nullptr}, {"auto", {{"min_nodes", 0}, {"max_nodes", 10}, {"initial_nodes", nullptr}}}};
  CHECK(cluster_update_body(scale) ==
        json::parse(R"({"properties": {"scaleSettings": {"autoScale": {"minimumNodeCount": 0, "maximumNodeCount": 10}}}})"));
}
