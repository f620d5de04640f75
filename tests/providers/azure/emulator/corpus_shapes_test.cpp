// Every reference example's request is accepted, and every property name in
// the example's response appears in the emulator's answer.
#include <fstream>

#include "tests/providers/azure/emulator/emulator_fixture.h"
#include "tests/providers/azure/emulator/shape_check.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

json example(const std::string& name) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) + "/tests/providers/azure/emulator/corpus/" + name +
                   ".json");
  REQUIRE(in);
  return json::parse(in);
}

void check_shape(const json& expected, const json& actual) {
  std::vector<std::string> missing;
  missing_names(expected, actual, "", missing);
  std::string list;
  for (const auto& m : missing) list += m + "\n";
  INFO("ours: " << actual.dump());
  INFO("missing:\n" << list);
  CHECK(missing.empty());
}

json request_body(const json& ex, const char* name = "parameters") {
  return ex["parameters"].value(name, json());
}

struct Names {
  std::string rg, ws;
};

// The resource group, workspace and storage account the examples' URLs name.
Names parents(TestEmulator& emu) {
  Names n;
  n.rg = emu.subscription() + "/resourceGroups/demo_resource_group";
  REQUIRE(emu.arm("PUT", n.rg + kResources, {{"location", "eastus"}}).status == 201);
  const json ws = example("PutWorkspace");
  n.ws = n.rg + "/providers/Microsoft.BatchAI/workspaces/demo_workspace";
  Answer put = emu.arm("PUT", n.ws + kBatchAi, request_body(ws));
  REQUIRE(put.status == 200);
  check_shape(ws["responses"]["200"]["body"], put.body);
  return n;
}

}  // namespace

TEST_CASE("the workspace examples are accepted and answered in their shape") {
  TestEmulator emu;
  const Names n = parents(emu);
  const json patch = example("PatchWorkspace");
  Answer patched = emu.arm("PATCH", n.ws + kBatchAi, request_body(patch));
  REQUIRE(patched.status == 200);
  check_shape(patch["responses"]["200"]["body"], patched.body);
  CHECK(patched.body["tags"]["key1"] == "value1");
}

TEST_CASE("the cluster examples are accepted and answered in their shape") {
  TestEmulator emu;
  const Names n = parents(emu);
  const std::string cluster = n.ws + "/clusters/demo_cluster";
  const json put = example("PutCluster");
  Answer accepted = emu.arm("PUT", cluster + kBatchAi, request_body(put));
  REQUIRE(accepted.status == 202);
  CHECK(emu.wait_for(accepted)["status"] == "Succeeded");
  Answer got = emu.arm("GET", cluster + kBatchAi);
  check_shape(put["responses"]["200"]["body"], got.body);
  check_shape(example("GetCluster")["responses"]["200"]["body"], got.body);
  CHECK(got.body["properties"]["nodeSetup"]["mountVolumes"]["azureFileShares"][0]["credentials"] ==
        json::object());
  CHECK_FALSE(got.body["properties"]["userAccountSettings"].contains("adminUserPassword"));

  const json logins = example("ClusterListRemoteLoginInfo");
  emu.wait_until(cluster + kBatchAi, [](const json& c) { return c["properties"]["currentNodeCount"] == 1; });
  Answer listed = emu.arm("POST", cluster + "/listRemoteLoginInformation" + kBatchAi);
  REQUIRE(listed.status == 200);
  check_shape(logins["responses"]["200"]["body"], listed.body);

  const json patch = example("PatchCluster");
  Answer patched = emu.arm("PATCH", cluster + kBatchAi, request_body(patch));
  REQUIRE(patched.status == 200);
  check_shape(patch["responses"]["200"]["body"], patched.body);
}

TEST_CASE("the file server and experiment examples are accepted and answered in their shape") {
  TestEmulator emu;
  const Names n = parents(emu);
  const json put = example("PutFileServer");
  const std::string server = n.ws + "/fileServers/demo_nfs";
  Answer accepted = emu.arm("PUT", server + kBatchAi, request_body(put));
  REQUIRE(accepted.status == 202);
  CHECK(emu.wait_for(accepted)["status"] == "Succeeded");
  Answer got = emu.arm("GET", server + kBatchAi);
  check_shape(put["responses"]["200"]["body"], got.body);
  check_shape(example("GetFileServer")["responses"]["200"]["body"], got.body);
  CHECK(got.body["properties"]["provisioningState"] == "succeeded");
  CHECK_FALSE(
      got.body["properties"]["sshConfiguration"]["userAccountSettings"].contains("adminUserPassword"));

  const json experiment = example("PutExperiment");
  Answer created = emu.arm("PUT", n.ws + "/experiments/demo_experiment" + kBatchAi, request_body(experiment));
  REQUIRE(created.status == 200);
  check_shape(experiment["responses"]["200"]["body"], created.body);
  check_shape(example("GetExperiment")["responses"]["200"]["body"],
              emu.arm("GET", n.ws + "/experiments/demo_experiment" + kBatchAi).body);
}

TEST_CASE("the usages example is answered in its shape") {
  TestEmulator emu;
  Answer usages =
      emu.arm("GET", emu.subscription() + "/providers/Microsoft.BatchAI/locations/eastus/usages" + kBatchAi);
  REQUIRE(usages.status == 200);
  check_shape(example("ListUsages")["responses"]["200"]["body"], usages.body);
}

TEST_CASE("the storage examples are accepted and answered in their shape") {
  TestEmulator emu;
  const std::string rg = emu.subscription() + "/resourceGroups/res9101";
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "eastus"}}).status == 201);
  const json create = example("StorageAccountCreate");
  const std::string account = rg + "/providers/Microsoft.Storage/storageAccounts/sto4445";
  Answer accepted = emu.arm("PUT", account + kStorage, request_body(create));
  REQUIRE(accepted.status == 202);
  json body = emu.wait_until(
      account + kStorage, [](const json& a) { return a["properties"]["provisioningState"] == "Succeeded"; });
  check_shape(create["responses"]["200"]["body"], body);

  Answer keys = emu.arm("POST", account + "/listKeys" + kStorage);
  check_shape(example("StorageAccountListKeys")["responses"]["200"]["body"], keys.body);

  const json share = example("FileSharesPut");
  Answer put = emu.arm("PUT", account + "/fileServices/default/shares/share6185" + kStorage,
                       request_body(share, "fileShare"));
  REQUIRE(put.status == 201);
  check_shape(share["responses"]["201"]["body"], put.body);
  check_shape(example("FileSharesGet")["responses"]["200"]["body"],
              emu.arm("GET", account + "/fileServices/default/shares/share6185" + kStorage).body);

  const json check = example("StorageAccountCheckNameAvailability");
  Answer available =
      emu.arm("POST", emu.subscription() + "/providers/Microsoft.Storage/checkNameAvailability" + kStorage,
              request_body(check, "accountName"));
  check_shape(check["responses"]["200"]["body"], available.body);
  CHECK(available.body["nameAvailable"] == true);
}
