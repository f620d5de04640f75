#include <regex>
#include <set>

#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

bool steady_with(const json& c, int nodes) {
  return c["properties"]["allocationState"] == "steady" && c["properties"]["currentNodeCount"] == nodes;
}

}  // namespace

TEST_CASE("a cluster PUT answers 202 with Azure-AsyncOperation and polls to Succeeded") {
  TestEmulator emu(slow_options());
  const std::string cluster = emu.workspace() + "/clusters/nc6";
  Answer accepted = emu.arm("PUT", cluster + kBatchAi, cluster_body(2));
  REQUIRE(accepted.status == 202);
  CHECK(accepted.body.is_null());
  const std::string async = accepted.header("Azure-AsyncOperation");
  CHECK(async.starts_with(emu.emulator().endpoint() + emu.subscription() +
                          "/providers/Microsoft.BatchAI/locations/eastus/operationresults/"));
  CHECK(async.ends_with("?api-version=2018-05-01"));
  CHECK(accepted.header("Location").find("/operationstatuses/") != std::string::npos);
  CHECK_FALSE(accepted.header("Retry-After").empty());
  CHECK(emu.arm("GET", cluster + kBatchAi).body["properties"]["provisioningState"] == "creating");
  Answer first_poll = emu.arm("GET", async);
  CHECK(first_poll.body["status"] == "InProgress");
  const json done = emu.wait_for(accepted);
  CHECK(done["status"] == "Succeeded");
  CHECK(done.contains("startTime"));
  CHECK(done.contains("endTime"));
  CHECK(done["name"] == async.substr(async.rfind('/') + 1, 36));
  Answer location_poll = emu.arm("GET", accepted.header("Location"));
  CHECK(location_poll.status == 200);
}

TEST_CASE("a new cluster's nodes are allocated, prepared and become idle") {
  TestEmulator emu(slow_options());
  const std::string cluster = emu.workspace() + "/clusters/nc6";
  emu.wait_for(emu.arm("PUT", cluster + kBatchAi, cluster_body(3)));
  const json got = emu.arm("GET", cluster + kBatchAi).body;
  CHECK(got["properties"]["provisioningState"] == "succeeded");
  CHECK(got["properties"]["currentNodeCount"] == 0);
  CHECK(got["properties"]["allocationState"] == "resizing");
  const json ready = emu.wait_until(cluster + kBatchAi, [](const json& c) {
    return steady_with(c, 3) && c["properties"]["nodeStateCounts"]["idleNodeCount"] == 3;
  });
  CHECK(ready["properties"]["nodeStateCounts"]["idleNodeCount"] == 3);
  CHECK(ready["properties"]["nodeStateCounts"]["leavingNodeCount"] == 0);
  CHECK(ready["properties"]["vmPriority"] == "dedicated");
  CHECK(ready["properties"]["userAccountSettings"]["adminUserSshPublicKey"] == "ssh-rsa AAAAB3Nz demo");
  CHECK_FALSE(ready["properties"]["userAccountSettings"].contains("adminUserPassword"));
  CHECK(ready["type"] == "Microsoft.BatchAI/workspaces/clusters");
}

TEST_CASE(
    "listRemoteLoginInformation gives each node a port from 50000 on the cluster's own loopback address") {
  TestEmulator emu;
  const std::string ws = emu.workspace();
  emu.wait_for(emu.arm("PUT", ws + "/clusters/a" + kBatchAi, cluster_body(2)));
  emu.wait_for(emu.arm("PUT", ws + "/clusters/b" + kBatchAi, cluster_body(1)));
  emu.wait_until(ws + "/clusters/a" + kBatchAi, [](const json& c) { return steady_with(c, 2); });
  emu.wait_until(ws + "/clusters/b" + kBatchAi, [](const json& c) { return steady_with(c, 1); });
  const json a = emu.arm("POST", ws + "/clusters/a/listRemoteLoginInformation" + kBatchAi).body;
  const json b = emu.arm("POST", ws + "/clusters/b/listRemoteLoginInformation" + kBatchAi).body;
  REQUIRE(a["value"].size() == 2);
  REQUIRE(b["value"].size() == 1);
  const std::regex node_id(R"(tvm-\d+_\d+-\d{8}t\d{6}z)");
  const std::regex loopback(R"(127\.10\.\d+\.\d+)");
  for (int i = 0; i < 2; ++i) {
    CHECK(std::regex_match(a["value"][i]["nodeId"].get<std::string>(), node_id));
    CHECK(std::regex_match(a["value"][i]["ipAddress"].get<std::string>(), loopback));
    CHECK(a["value"][i]["port"] == 50000 + i);
  }
  CHECK(a["value"][0]["ipAddress"] == a["value"][1]["ipAddress"]);
  CHECK(a["value"][0]["ipAddress"] != b["value"][0]["ipAddress"]);
  CHECK(emu.arm("POST", ws + "/clusters/none/listRemoteLoginInformation" + kBatchAi).status == 404);
}

TEST_CASE("a missing cluster is ClusterNotFound") {
  TestEmulator emu;
  Answer a = emu.arm("GET", emu.workspace() + "/clusters/nope" + kBatchAi);
  CHECK(a.status == 404);
  CHECK(a.body["error"]["code"] == "ClusterNotFound");
}

TEST_CASE("a cluster with an unknown VM size or a bad name is refused naming the property") {
  TestEmulator emu;
  const std::string ws = emu.workspace();
  Answer size = emu.arm("PUT", ws + "/clusters/c" + kBatchAi, cluster_body(1, "Standard_Imaginary9"));
  CHECK(size.status == 400);
  CHECK(size.body["error"]["code"] == "InvalidParameter");
  CHECK(size.body["error"]["message"].get<std::string>().find("vmSize") != std::string::npos);
  Answer name = emu.arm("PUT", ws + "/clusters/bad%20name" + kBatchAi, cluster_body(1));
  CHECK(name.status == 400);
  json no_user = cluster_body(1);
  no_user["properties"].erase("userAccountSettings");
  Answer user = emu.arm("PUT", ws + "/clusters/c" + kBatchAi, no_user);
  CHECK(user.status == 400);
  CHECK(user.body["error"]["message"].get<std::string>().find("userAccountSettings") != std::string::npos);
}

TEST_CASE("a PATCH of scaleSettings resizes the cluster synchronously") {
  TestEmulator emu;
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  emu.wait_for(emu.arm("PUT", cluster, cluster_body(2)));
  emu.wait_until(cluster, [](const json& c) { return steady_with(c, 2); });
  Answer grown = emu.arm("PATCH", cluster,
                         {{"properties", {{"scaleSettings", {{"manual", {{"targetNodeCount", 4}}}}}}}});
  REQUIRE(grown.status == 200);
  CHECK(grown.body["properties"]["allocationState"] == "resizing");
  CHECK(grown.body["properties"]["scaleSettings"]["manual"]["targetNodeCount"] == 4);
  CHECK(steady_with(emu.wait_until(cluster, [](const json& c) { return steady_with(c, 4); }), 4));
  Answer shrunk = emu.arm("PATCH", cluster,
                          {{"properties", {{"scaleSettings", {{"manual", {{"targetNodeCount", 1}}}}}}}});
  CHECK(shrunk.body["properties"]["nodeStateCounts"]["leavingNodeCount"] == 3);
  CHECK(steady_with(emu.wait_until(cluster, [](const json& c) { return steady_with(c, 1); }), 1));
  Answer other = emu.arm("PATCH", cluster, {{"properties", {{"vmSize", "Standard_NC12"}}}});
  CHECK(other.status == 400);
}

TEST_CASE("a PUT that changes an immutable property of a cluster is a conflict naming it") {
  TestEmulator emu;
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  emu.wait_for(emu.arm("PUT", cluster, cluster_body(1)));
  Answer changed = emu.arm("PUT", cluster, cluster_body(1, "Standard_NC12"));
  CHECK(changed.status == 409);
  CHECK(changed.body["error"]["message"].get<std::string>().find("vmSize") != std::string::npos);
  Answer rescaled = emu.arm("PUT", cluster, cluster_body(3));
  CHECK(rescaled.status == 200);
  CHECK(rescaled.body["properties"]["scaleSettings"]["manual"]["targetNodeCount"] == 3);
  CHECK(steady_with(emu.wait_until(cluster, [](const json& c) { return steady_with(c, 3); }), 3));
}

TEST_CASE("a cluster beyond the family's core quota is provisioned but its allocation fails") {
  Options o = test_options();
  o.quotas.dedicated["standardncfamily"] = 12;
  TestEmulator emu(o);
  const std::string ws = emu.workspace();
  emu.wait_for(emu.arm("PUT", ws + "/clusters/fits" + kBatchAi, cluster_body(2)));
  emu.wait_for(emu.arm("PUT", ws + "/clusters/toobig" + kBatchAi, cluster_body(1)));
  const json fits =
      emu.wait_until(ws + "/clusters/fits" + kBatchAi, [](const json& c) { return steady_with(c, 2); });
  CHECK_FALSE(fits["properties"].contains("errors"));
  const json big = emu.wait_until(ws + "/clusters/toobig" + kBatchAi, [](const json& c) {
    return c["properties"]["allocationState"] == "steady";
  });
  CHECK(big["properties"]["provisioningState"] == "succeeded");
  CHECK(big["properties"]["currentNodeCount"] == 0);
  REQUIRE(big["properties"]["errors"].size() == 1);
  CHECK(big["properties"]["errors"][0]["code"] == "InsufficientCoreQuota");
  // Another family has its own quota.
  emu.wait_for(emu.arm("PUT", ws + "/clusters/cpu" + kBatchAi, cluster_body(2, "Standard_D2_v2")));
  CHECK(steady_with(
      emu.wait_until(ws + "/clusters/cpu" + kBatchAi, [](const json& c) { return steady_with(c, 2); }), 2));
}

TEST_CASE("low-priority clusters draw on the low-priority quota") {
  Options o = test_options();
  o.quotas.low_priority = 6;
  TestEmulator emu(o);
  const std::string ws = emu.workspace();
  emu.wait_for(
      emu.arm("PUT", ws + "/clusters/lp" + kBatchAi, cluster_body(2, "Standard_NC6", "lowpriority")));
  const json lp = emu.wait_until(ws + "/clusters/lp" + kBatchAi, [](const json& c) {
    return c["properties"]["allocationState"] == "steady";
  });
  CHECK(lp["properties"]["vmPriority"] == "lowpriority");
  CHECK(lp["properties"]["errors"][0]["code"] == "InsufficientCoreQuota");
}

TEST_CASE("an auto-scale cluster starts at its initial node count") {
  TestEmulator emu;
  const std::string cluster = emu.workspace() + "/clusters/auto" + kBatchAi;
  json body = cluster_body(0);
  body["properties"]["scaleSettings"] = {
      {"autoScale", {{"minimumNodeCount", 0}, {"maximumNodeCount", 4}, {"initialNodeCount", 2}}}};
  emu.wait_for(emu.arm("PUT", cluster, body));
  const json c = emu.wait_until(cluster, [](const json& c) { return steady_with(c, 2); });
  CHECK(steady_with(c, 2));
  CHECK(c["properties"]["scaleSettings"]["autoScale"]["maximumNodeCount"] == 4);
}

TEST_CASE("deleting a cluster is long-running and then it is gone") {
  TestEmulator emu(slow_options());
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  emu.wait_for(emu.arm("PUT", cluster, cluster_body(1)));
  Answer deleting = emu.arm("DELETE", cluster);
  REQUIRE(deleting.status == 202);
  CHECK(emu.arm("GET", cluster).body["properties"]["provisioningState"] == "deleting");
  CHECK(emu.wait_for(deleting)["status"] == "Succeeded");
  CHECK(emu.arm("GET", cluster).status == 404);
  CHECK(emu.arm("DELETE", cluster).status == 204);
}

TEST_CASE("deleting a workspace removes its clusters, file servers and experiments") {
  TestEmulator emu;
  const std::string ws = emu.workspace();
  emu.wait_for(emu.arm("PUT", ws + "/clusters/c" + kBatchAi, cluster_body(1)));
  REQUIRE(emu.arm("PUT", ws + "/experiments/e" + kBatchAi, json::object()).status == 200);
  Answer deleting = emu.arm("DELETE", ws + kBatchAi);
  REQUIRE(deleting.status == 202);
  CHECK(emu.wait_for(deleting)["status"] == "Succeeded");
  Answer gone = emu.arm("GET", ws + kBatchAi);
  CHECK(gone.status == 404);
  CHECK(gone.body["error"]["code"] == "WorkspaceNotFound");
  CHECK(emu.admin("GET", "/_emulator/resources").body["value"].size() == 1);
}

TEST_CASE("repeating a cluster PUT while it is being created answers with the same operation") {
  TestEmulator emu(slow_options());
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  Answer first = emu.arm("PUT", cluster, cluster_body(1));
  Answer again = emu.arm("PUT", cluster, cluster_body(1));
  REQUIRE(first.status == 202);
  CHECK(again.status == 202);
  CHECK(again.header("Azure-AsyncOperation") == first.header("Azure-AsyncOperation"));
  emu.wait_for(first);
  CHECK(emu.arm("PUT", cluster, cluster_body(1)).status == 200);
}
