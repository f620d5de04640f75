#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

TEST_CASE("state survives a restart of the emulator") {
  const fs::path dir = scratch_dir();
  std::string ws;
  {
    TestEmulator first(test_options(), dir);
    ws = first.workspace();
    first.wait_for(first.arm("PUT", ws + "/clusters/c" + kBatchAi, cluster_body(2)));
  }
  {
    TestEmulator second(test_options(), dir);
    Answer cluster = second.arm("GET", ws + "/clusters/c" + kBatchAi);
    CHECK(cluster.status == 200);
    CHECK(cluster.body["properties"]["provisioningState"] == "succeeded");
    CHECK(second.admin("GET", "/_emulator/resources").body["value"].size() == 3);
  }
  fs::remove_all(dir);
}

TEST_CASE("an operation that was running when the emulator stopped finishes after the restart") {
  const fs::path dir = scratch_dir();
  Options slow = test_options();
  slow.provisioning_ms = 300;
  std::string cluster;
  {
    TestEmulator first(slow, dir);
    cluster = first.workspace() + "/clusters/c" + kBatchAi;
    REQUIRE(first.arm("PUT", cluster, cluster_body(1)).status == 202);
  }
  {
    TestEmulator second(slow, dir);
    const json c = second.wait_until(
        cluster, [](const json& c) { return c["properties"]["provisioningState"] == "succeeded"; });
    CHECK(c["properties"]["provisioningState"] == "succeeded");
  }
  fs::remove_all(dir);
}

TEST_CASE("the admin API lists live resources and reset forgets them") {
  TestEmulator emu;
  const std::string ws = emu.workspace();
  Answer listed = emu.admin("GET", "/_emulator/resources");
  REQUIRE(listed.status == 200);
  CHECK(listed.body["value"] == json::array({emu.subscription() + "/resourceGroups/rg", ws}));
  CHECK(emu.admin("POST", "/_emulator/reset").status == 200);
  CHECK(emu.admin("GET", "/_emulator/resources").body["value"] == json::array());
  CHECK(emu.arm("GET", ws + kBatchAi).status == 404);
  CHECK(emu.token().size() > 0);  // credentials stay
}

TEST_CASE("the admin API sets faults and reports them") {
  TestEmulator emu;
  Answer set = emu.admin("PUT", "/_emulator/faults",
                         {{"latency_ms", 5},
                          {"rate_429", 0.1},
                          {"rate_503", 0.05},
                          {"rate_500", 0},
                          {"rate_drop", 0.02},
                          {"lro_fail", 0}});
  CHECK(set.status == 200);
  Answer got = emu.admin("GET", "/_emulator/faults");
  CHECK(got.body["latency_ms"] == 5);
  CHECK(got.body["rate_429"] == Approx(0.1));
  CHECK(got.body["rate_drop"] == Approx(0.02));
  Answer bad = emu.admin("PUT", "/_emulator/faults", {{"rate_429", 2}});
  CHECK(bad.status == 400);
  CHECK(emu.admin("GET", "/_emulator/faults").body["rate_429"] == Approx(0.1));
}

TEST_CASE("the admin API changes quotas for later allocations") {
  TestEmulator emu;
  REQUIRE(
      emu.admin("PUT", "/_emulator/quotas", {{"dedicated", {{"standardNCFamily", 6}}}, {"low_priority", 24}})
          .status == 200);
  Answer quotas = emu.admin("GET", "/_emulator/quotas");
  CHECK(quotas.body["dedicated"]["standardNCFamily"] == 6);
  CHECK(quotas.body["low_priority"] == 24);
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  emu.wait_for(emu.arm("PUT", cluster, cluster_body(2)));
  const json c =
      emu.wait_until(cluster, [](const json& c) { return c["properties"]["allocationState"] == "steady"; });
  CHECK(c["properties"]["errors"][0]["code"] == "InsufficientCoreQuota");
  Answer usages =
      emu.arm("GET", emu.subscription() + "/providers/Microsoft.BatchAI/locations/eastus/usages" + kBatchAi);
  bool found = false;
  for (const json& u : usages.body["value"])
    if (u["name"]["value"] == "Standard NC Family Cluster Dedicated vCPUs") {
      found = true;
      CHECK(u["limit"] == 6);
      CHECK(u["currentValue"] == 0);
    }
  CHECK(found);
}

TEST_CASE("the admin API counts requests by status and connections") {
  TestEmulator emu;
  emu.arm("GET", emu.subscription() + kResources);
  emu.arm("GET", emu.subscription() + "/resourcegroups/none" + kResources);
  const json counters = emu.admin("GET", "/_emulator/requests").body;
  CHECK(counters["total"].get<int>() >= 3);
  CHECK(counters["by_status"]["200"].get<int>() >= 2);
  CHECK(counters["by_status"]["404"] == 1);
  CHECK(counters["connections_accepted"].get<int>() >= 3);
}
