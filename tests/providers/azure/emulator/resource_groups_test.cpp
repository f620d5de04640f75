#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

TEST_CASE("the subscription is listed and unknown subscriptions are not found") {
  TestEmulator emu;
  Answer one = emu.arm("GET", emu.subscription() + kResources);
  CHECK(one.status == 200);
  CHECK(one.body["subscriptionId"] == "00000000-0000-4000-8000-00000000f0a1");
  CHECK(one.body["state"] == "Enabled");
  Answer all = emu.arm("GET", std::string("/subscriptions") + kResources);
  CHECK(all.status == 200);
  CHECK(all.body["value"].size() == 1);
  Answer other =
      emu.arm("GET", std::string("/subscriptions/11111111-2222-3333-4444-555555555555") + kResources);
  CHECK(other.status == 404);
  CHECK(other.body["error"]["code"] == "SubscriptionNotFound");
}

TEST_CASE("a missing or unknown api-version is refused as ARM refuses it") {
  TestEmulator emu;
  Answer missing = emu.arm("GET", emu.subscription() + "/resourcegroups/rg");
  CHECK(missing.status == 400);
  CHECK(missing.body["error"]["code"] == "MissingApiVersionParameter");
  Answer bad = emu.arm("GET", emu.subscription() + "/resourcegroups/rg?api-version=yesterday");
  CHECK(bad.status == 400);
  CHECK(bad.body["error"]["code"] == "InvalidApiVersionParameter");
  emu.workspace();
  Answer batchai = emu.arm(
      "GET", emu.subscription() +
                 "/resourceGroups/rg/providers/Microsoft.BatchAI/workspaces/ws?api-version=2017-09-01");
  CHECK(batchai.status == 400);
  CHECK(batchai.body["error"]["code"] == "InvalidApiVersionParameter");
  CHECK(batchai.body["error"]["message"].get<std::string>().find("2018-05-01") != std::string::npos);
  Answer storage = emu.arm(
      "GET", emu.subscription() +
                 "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts?api-version=2016-01-01");
  CHECK(storage.body["error"]["code"] == "InvalidApiVersionParameter");
}

TEST_CASE("every ARM answer carries request ids and the remaining rate limit") {
  TestEmulator emu;
  Answer read =
      emu.arm("GET", emu.subscription() + kResources, nullptr, {{"x-ms-client-request-id", "abc-123"}});
  CHECK_FALSE(read.header("x-ms-request-id").empty());
  CHECK(read.header("x-ms-client-request-id") == "abc-123");
  CHECK_FALSE(read.header("x-ms-ratelimit-remaining-subscription-reads").empty());
  Answer write =
      emu.arm("PUT", emu.subscription() + "/resourcegroups/rg" + kResources, {{"location", "eastus"}});
  CHECK_FALSE(write.header("x-ms-ratelimit-remaining-subscription-writes").empty());
  Answer error = emu.arm("GET", emu.subscription() + "/resourcegroups/nope" + kResources);
  CHECK_FALSE(error.header("x-ms-request-id").empty());
}

TEST_CASE("a resource group PUT creates with 201, updates with 200, and GET answers in canonical case") {
  TestEmulator emu;
  const std::string rg = emu.subscription() + "/resourcegroups/Demo.RG";
  Answer created = emu.arm("PUT", rg + kResources, {{"location", "East US"}, {"tags", {{"team", "ml"}}}});
  CHECK(created.status == 201);
  CHECK(created.body["id"] == emu.subscription() + "/resourceGroups/Demo.RG");
  CHECK(created.body["location"] == "eastus");
  CHECK(created.body["type"] == "Microsoft.Resources/resourceGroups");
  CHECK(created.body["properties"]["provisioningState"] == "Succeeded");
  Answer updated = emu.arm("PUT", rg + kResources, {{"location", "eastus"}, {"tags", {{"team", "ai"}}}});
  CHECK(updated.status == 200);
  Answer got = emu.arm("GET", emu.subscription() + "/RESOURCEGROUPS/demo.rg" + kResources);
  CHECK(got.status == 200);
  CHECK(got.body["name"] == "Demo.RG");
  CHECK(got.body["tags"]["team"] == "ai");
  CHECK(emu.arm("HEAD", rg + kResources).status == 204);
  CHECK(emu.arm("GET", emu.subscription() + "/resourcegroups" + kResources).body["value"].size() == 1);
}

TEST_CASE("a resource group cannot move to another location") {
  TestEmulator emu;
  const std::string rg = emu.subscription() + "/resourcegroups/rg" + kResources;
  REQUIRE(emu.arm("PUT", rg, {{"location", "eastus"}}).status == 201);
  Answer moved = emu.arm("PUT", rg, {{"location", "westus"}});
  CHECK(moved.status == 409);
  CHECK(moved.body["error"]["code"] == "InvalidResourceGroupLocation");
}

TEST_CASE("a missing resource group is ResourceGroupNotFound, also for resources inside it") {
  TestEmulator emu;
  Answer a = emu.arm("GET", emu.subscription() + "/resourcegroups/ghost" + kResources);
  CHECK(a.status == 404);
  CHECK(a.body["error"]["code"] == "ResourceGroupNotFound");
  CHECK(emu.arm("HEAD", emu.subscription() + "/resourcegroups/ghost" + kResources).status == 404);
  Answer inside =
      emu.arm("PUT",
              emu.subscription() +
                  "/resourceGroups/ghost/providers/Microsoft.Storage/storageAccounts/abc123" + kStorage,
              {{"location", "eastus"}, {"sku", {{"name", "Standard_LRS"}}}, {"kind", "StorageV2"}});
  CHECK(inside.status == 404);
  CHECK(inside.body["error"]["code"] == "ResourceGroupNotFound");
}

TEST_CASE("a bad resource group body is refused with the code ARM uses") {
  TestEmulator emu;
  const std::string rg = emu.subscription() + "/resourcegroups/rg" + kResources;
  Answer malformed = emu.send("PUT", rg, "{\"location\": ", {{"Authorization", "Bearer " + emu.token()}});
  CHECK(malformed.status == 400);
  CHECK(malformed.body["error"]["code"] == "InvalidRequestContent");
  Answer no_location = emu.arm("PUT", rg, json::object());
  CHECK(no_location.status == 400);
  CHECK(no_location.body["error"]["code"] == "LocationRequired");
}

TEST_CASE("deleting a resource group answers 202 and removes everything inside it") {
  TestEmulator emu(slow_options());
  const std::string ws = emu.workspace();
  const std::string rg = emu.subscription() + "/resourceGroups/rg";
  Answer cluster = emu.arm("PUT", ws + "/clusters/c1" + kBatchAi, cluster_body(1));
  REQUIRE(cluster.status == 202);
  Answer deleting = emu.arm("DELETE", rg + kResources);
  REQUIRE(deleting.status == 202);
  const std::string location = deleting.header("Location");
  REQUIRE_FALSE(location.empty());
  CHECK_FALSE(deleting.header("Retry-After").empty());
  CHECK(emu.arm("GET", rg + kResources).body["properties"]["provisioningState"] == "Deleting");
  CHECK(emu.arm("GET", location).status == 202);
  Answer done;
  for (int i = 0; i < 200; ++i) {
    done = emu.arm("GET", location);
    if (done.status != 202) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(done.status == 200);
  CHECK(emu.arm("GET", rg + kResources).status == 404);
  CHECK(emu.arm("GET", ws + kBatchAi).status == 404);
  CHECK(emu.admin("GET", "/_emulator/resources").body["value"] == json::array());
}

TEST_CASE("the emulated resource providers report themselves registered") {
  TestEmulator emu;
  for (const char* ns : {"Microsoft.BatchAI", "Microsoft.Storage"}) {
    Answer a = emu.arm("GET", emu.subscription() + "/providers/" + ns + kResources);
    CHECK(a.status == 200);
    CHECK(a.body["namespace"] == ns);
    CHECK(a.body["registrationState"] == "Registered");
    CHECK(emu.arm("POST", emu.subscription() + "/providers/" + ns + "/register" + kResources).status == 200);
  }
  CHECK(emu.arm("GET", emu.subscription() + "/providers/Microsoft.Nothing" + kResources).status == 400);
}
