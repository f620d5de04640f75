// The azure provider's resources against an in-process emulator, through the
// provider protocol: what `forma apply`, a second `forma plan` and
// `forma destroy` ask of them.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "tests/providers/azure/emulator_harness.h"

using namespace forma;
using namespace forma::azure::testing;

namespace {

// Plans `config` over `state` and checks the plan changes nothing.
void check_no_diff(EmulatedAzure& azure, const std::string& type, const json& state, const json& config) {
  json refreshed = azure.read(type, state);
  json planned = azure.plan(type, refreshed, config);
  INFO("refreshed: " << refreshed.dump() << "\nplanned: " << planned["planned_state"].dump());
  CHECK(planned["requires_replace"].empty());
  CHECK(planned["planned_state"] == refreshed);
}

json workspace_for(EmulatedAzure& azure, const std::string& group) {
  Applied rg = azure.apply("azure_resource_group", nullptr, {{"name", group}});
  INFO(rg.diagnostics.dump());
  REQUIRE(rg.ok());
  CHECK(rg.state["location"] == "eastus");  // the provider's default
  Applied ws = azure.apply("azure_batchai_workspace", nullptr, {{"name", "ws"}, {"resource_group", group}});
  INFO(ws.diagnostics.dump());
  REQUIRE(ws.ok());
  return ws.state;
}

}  // namespace

TEST_CASE("a cluster is created, plans clean, resizes in place and is destroyed") {
  EmulatedAzure azure;
  json ws = workspace_for(azure, "forma-it");
  check_no_diff(azure, "azure_batchai_workspace", ws, {{"name", "ws"}, {"resource_group", "forma-it"}});

  json config = {{"name", "nc6"}, {"workspace_id", ws["id"]}, {"vm_size", "Standard_NC6"}, {"image", "UbuntuLTS"},
                 {"scale", {{"manual", {{"target_nodes", 1}}}}}, {"generate_ssh_keys", true}};
  Applied cluster = azure.apply("azure_batchai_cluster", nullptr, config);
  INFO(cluster.diagnostics.dump());
  REQUIRE(cluster.ok());
  CHECK(cluster.state["provisioning_state"] == "succeeded");
  CHECK(cluster.state["user"]["name"] == "tester");
  CHECK(cluster.state["user"]["ssh_public_key"].get<std::string>().rfind("ssh-rsa ", 0) == 0);
  CHECK(fs::exists(azure.home() / ".ssh" / "id_rsa"));
  CHECK(cluster.state["location"] == "eastus");
  check_no_diff(azure, "azure_batchai_cluster", cluster.state, config);

  config["scale"]["manual"]["target_nodes"] = 2;
  json planned = azure.plan("azure_batchai_cluster", cluster.state, config);
  CHECK(planned["requires_replace"].empty());
  Applied resized = azure.apply("azure_batchai_cluster", cluster.state, config);
  INFO(resized.diagnostics.dump());
  REQUIRE(resized.ok());
  CHECK(resized.state["scale"]["manual"]["target_nodes"] == 2);
  CHECK(resized.state["id"] == cluster.state["id"]);

  Applied gone = azure.destroy("azure_batchai_cluster", resized.state);
  CHECK(gone.ok());
  CHECK(azure.read("azure_batchai_cluster", resized.state).is_null());
}

TEST_CASE("a cluster beyond the core quota is recorded with an error saying what to do") {
  emulator::Options options = EmulatedAzure::default_options();
  options.quotas.default_dedicated = 6;
  EmulatedAzure azure(options);
  json ws = workspace_for(azure, "forma-quota");
  json config = {{"name", "big"}, {"workspace_id", ws["id"]}, {"vm_size", "Standard_NC6"},
                 {"scale", {{"manual", {{"target_nodes", 4}}}}}, {"user", {{"name", "u"}, {"password", "Pa55word!"}}}};
  Applied cluster = azure.apply("azure_batchai_cluster", nullptr, config);
  REQUIRE(cluster.state.is_object());  // forma records what exists
  CHECK(cluster.state["id"].get<std::string>().find("/clusters/big") != std::string::npos);
  REQUIRE(cluster.diagnostics.size() == 1);
  std::string summary = cluster.diagnostics[0]["summary"];
  CHECK(summary.rfind("Azure refused to create azure_batchai_cluster.t: InsufficientCoreQuota:", 0) == 0);
  CHECK(cluster.diagnostics[0]["detail"].get<std::string>().find("Request more cores") != std::string::npos);
  CHECK(cluster.state["user"]["password"] == "Pa55word!");  // kept: Azure never returns it
}

TEST_CASE("auto-storage is created before the cluster, mounted, and deleted with it") {
  EmulatedAzure azure;
  json ws = workspace_for(azure, "forma-auto");
  json config = {{"name", "auto"}, {"workspace_id", ws["id"]}, {"vm_size", "Standard_NC6"},
                 {"scale", {{"auto", {{"min_nodes", 0}, {"max_nodes", 2}}}}},
                 {"user", {{"name", "u"}, {"password", "Pa55word!"}}},
                 {"auto_storage", {{"file_share", "afs"}}},
                 {"setup_task", {{"command_line", "echo hi"}}}};
  Applied cluster = azure.apply("azure_batchai_cluster", nullptr, config);
  INFO(cluster.diagnostics.dump());
  REQUIRE(cluster.ok());
  json block = cluster.state["auto_storage"];
  CHECK(block["created_ids"].size() == 4);  // group, account, share, container
  CHECK(cluster.state["setup_task"]["std_out_err_path_prefix"] == "$AZ_BATCHAI_MOUNT_ROOT/autoafs");
  check_no_diff(azure, "azure_batchai_cluster", cluster.state, config);

  json account = {{"name", block["storage_account_name"]}, {"resource_group", "batchaiautostorage"}};
  json imported = azure.call("import_resource", {{"type", "azure_storage_account"}, {"id", block["storage_account_id"]}});
  CHECK(imported["state"]["name"] == block["storage_account_name"]);

  REQUIRE(azure.destroy("azure_batchai_cluster", cluster.state).ok());
  CHECK(azure.read("azure_storage_account", imported["state"]).is_null());
}

TEST_CASE("storage accounts, shares and containers report their endpoints and keys") {
  EmulatedAzure azure;
  REQUIRE(azure.apply("azure_resource_group", nullptr, {{"name", "forma-data"}, {"location", "westeurope"}}).ok());
  json account_config = {{"name", "formadata01"}, {"resource_group", "forma-data"}};
  Applied account = azure.apply("azure_storage_account", nullptr, account_config);
  INFO(account.diagnostics.dump());
  REQUIRE(account.ok());
  CHECK_FALSE(account.state["primary_access_key"].get<std::string>().empty());
  CHECK(account.state["sku"] == "Standard_LRS");
  check_no_diff(azure, "azure_storage_account", account.state, account_config);

  json share_config = {{"name", "notebooks"}, {"storage_account_id", account.state["id"]}, {"quota_gb", 100}};
  Applied share = azure.apply("azure_storage_file_share", nullptr, share_config);
  INFO(share.diagnostics.dump());
  REQUIRE(share.ok());
  CHECK(share.state["url"].get<std::string>().find("/notebooks") != std::string::npos);
  check_no_diff(azure, "azure_storage_file_share", share.state, share_config);

  json container_config = {{"name", "datasets"}, {"storage_account_name", "formadata01"}, {"resource_group", "forma-data"}};
  Applied container = azure.apply("azure_storage_blob_container", nullptr, container_config);
  INFO(container.diagnostics.dump());
  REQUIRE(container.ok());
  check_no_diff(azure, "azure_storage_blob_container", container.state, container_config);

  json keys = azure.call("read_data", {{"type", "azure_storage_account_keys"},
                                       {"config", {{"storage_account_id", account.state["id"]}}}});
  CHECK(keys["state"]["primary_key"] == account.state["primary_access_key"]);
}

TEST_CASE("a cluster imported by id plans against its config and its nodes are listed") {
  EmulatedAzure azure;
  json ws = workspace_for(azure, "forma-import");
  json config = {{"name", "imp"}, {"workspace_id", ws["id"]}, {"vm_size", "Standard_NC6"},
                 {"scale", {{"manual", {{"target_nodes", 1}}}}}, {"user", {{"name", "u"}, {"password", "Pa55word!"}}}};
  Applied cluster = azure.apply("azure_batchai_cluster", nullptr, config);
  REQUIRE(cluster.ok());
  json imported = azure.call("import_resource", {{"type", "azure_batchai_cluster"}, {"id", cluster.state["id"]}});
  INFO(imported.dump());
  CHECK(imported["diagnostics"].empty());
  CHECK(imported["state"]["scale"] == cluster.state["scale"]);
  CHECK(imported["state"]["user"]["name"] == "u");

  json wrong = azure.call("import_resource", {{"type", "azure_batchai_cluster"}, {"id", ws["id"]}});
  CHECK(wrong["state"].is_null());
  CHECK_FALSE(wrong["diagnostics"].empty());

  // Nodes come after the create completes; wait (bounded) until one is listed.
  json nodes;
  for (int i = 0; i < 100; ++i) {
    nodes = azure.call("read_data", {{"type", "azure_batchai_cluster_nodes"}, {"config", {{"cluster_id", cluster.state["id"]}}}});
    if (!nodes["state"]["nodes"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(nodes.dump());
  REQUIRE(nodes["state"]["nodes"].size() == 1);
  CHECK(nodes["state"]["nodes"][0]["port"] == 50000);
}

TEST_CASE("an experiment and a file server are created in a workspace and plan clean") {
  EmulatedAzure azure;
  json ws = workspace_for(azure, "forma-misc");
  json experiment_config = {{"name", "exp1"}, {"resource_group", "forma-misc"}, {"workspace_name", "ws"}};
  Applied experiment = azure.apply("azure_batchai_experiment", nullptr, experiment_config);
  INFO(experiment.diagnostics.dump());
  REQUIRE(experiment.ok());
  CHECK(experiment.state["workspace_id"] == ws["id"]);
  check_no_diff(azure, "azure_batchai_experiment", experiment.state, experiment_config);

  json nfs_config = {{"name", "nfs"}, {"workspace_id", ws["id"]}, {"vm_size", "Standard_D2"},
                     {"user", {{"name", "u"}, {"password", "Pa55word!"}}},
                     {"data_disks", {{"disk_count", 2}, {"disk_size_gb", 10}}}};
  Applied nfs = azure.apply("azure_batchai_file_server", nullptr, nfs_config);
  INFO(nfs.diagnostics.dump());
  REQUIRE(nfs.ok());
  CHECK_FALSE(nfs.state["mount_settings"]["mount_point"].is_null());
  check_no_diff(azure, "azure_batchai_file_server", nfs.state, nfs_config);
  CHECK(azure.destroy("azure_batchai_file_server", nfs.state).ok());
}

TEST_CASE("a call before configure, as forma import makes it, uses the ARM_ environment") {
  EmulatedAzure azure(EmulatedAzure::default_options(), /*configure=*/false);
  const std::string id = "/subscriptions/" + azure.subscription() + "/resourceGroups/nowhere";
  json imported = azure.call("import_resource", {{"type", "azure_resource_group"}, {"id", id}});
  INFO(imported.dump());
  REQUIRE(imported["diagnostics"].size() == 1);  // authenticated and asked: the group does not exist
  CHECK(imported["diagnostics"][0]["detail"] == "Azure has no object with this id.");
}
