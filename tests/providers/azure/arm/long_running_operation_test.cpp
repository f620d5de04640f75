#include <catch2/catch.hpp>

#include "tests/providers/azure/arm/fakes.h"

using namespace forma::azure;
using namespace forma::azure::testing;
using std::chrono::milliseconds;

namespace {

const std::string kCluster =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.BatchAI/workspaces/ws/clusters/nc6";
const std::string kAsync =
    "https://arm.test/subscriptions/s/providers/Microsoft.BatchAI/locations/eastus/"
    "operationresults/op1?api-version=2018-05-01";
const std::string kLocation =
    "https://arm.test/subscriptions/s/providers/Microsoft.BatchAI/locations/eastus/"
    "operationstatuses/op1?api-version=2018-05-01";

struct OperationFixture {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  FakeClock fake;
  ClientOptions options = test_options();
  ArmClient client() {
    return ArmClient(options, std::make_shared<CountingTokens>(), transport, fake.clock());
  }
};

}  // namespace

TEST_CASE("a PUT answered 202 with Azure-AsyncOperation is polled until Succeeded and then read back") {
  OperationFixture f;
  f.transport
      ->answer(202, "", {{"azure-asyncoperation", kAsync}, {"location", kLocation}, {"retry-after", "15"}})
      .answer(200, R"({"status":"InProgress"})")
      .answer(200, R"({"status":"Succeeded","startTime":"2018-06-12T22:01:49Z"})")
      .answer(200, R"({"name":"nc6","properties":{"provisioningState":"succeeded"}})");
  ArmResult r = f.client().put(kCluster, "2018-05-01", forma::json{{"properties", forma::json::object()}});
  REQUIRE(r.ok());
  CHECK(r.body["properties"]["provisioningState"] == "succeeded");
  REQUIRE(f.transport->sent.size() == 4);
  CHECK(f.transport->sent[1].method == "GET");
  CHECK(f.transport->sent[1].url == kAsync);
  CHECK(f.transport->sent[1].headers.at("Authorization") == "Bearer token-1");
  CHECK(f.transport->sent[3].url == "https://arm.test" + kCluster + "?api-version=2018-05-01");
  // The first wait honours Retry-After: 15; the next falls back to min_poll_interval.
  std::vector<milliseconds> expected = {milliseconds(15000), milliseconds(200)};
  CHECK(f.fake.sleeps == expected);
}

TEST_CASE("a PUT answered 202 with only Location is polled until it stops answering 202") {
  OperationFixture f;
  f.transport->answer(202, "", {{"location", kLocation}})
      .answer(202, "", {{"retry-after", "1"}})
      .answer(202)
      .answer(200, "{}")
      .answer(200, R"({"name":"sa"})");
  ArmResult r = f.client().put(kCluster, "v", forma::json::object());
  REQUIRE(r.ok());
  CHECK(r.body["name"] == "sa");
  CHECK(f.transport->sent[1].url == kLocation);
  CHECK(f.transport->sent[3].url == kLocation);
  std::vector<milliseconds> expected = {milliseconds(200), milliseconds(1000), milliseconds(200)};
  CHECK(f.fake.sleeps == expected);
}

TEST_CASE("a Failed operation is an error with the operation's own code and message") {
  OperationFixture f;
  f.transport->answer(201, R"({"name":"nc6"})", {{"azure-asyncoperation", kAsync}})
      .answer(200, R"({"status":"Failed","error":{"code":"QuotaExceeded",)"
                   R"("message":"Operation results in exceeding quota limits of Core."}})");
  ArmResult r = f.client().put(kCluster, "v", forma::json::object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "QuotaExceeded");
  CHECK(r.error->message == "Operation results in exceeding quota limits of Core.");
  CHECK(f.transport->sent.size() == 2);
}

TEST_CASE("a Canceled operation without an error body still fails") {
  OperationFixture f;
  f.transport->answer(202, "", {{"azure-asyncoperation", kAsync}}).answer(200, R"({"status":"Canceled"})");
  ArmResult r = f.client().patch(kCluster, "v", forma::json::object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "OperationCanceled");
}

TEST_CASE("an operation that outlives lro_timeout ends with OperationTimedOut") {
  OperationFixture f;
  f.options.lro_timeout = milliseconds(1000);
  f.options.min_poll_interval = milliseconds(300);
  f.transport->answer(202, "", {{"azure-asyncoperation", kAsync}});
  for (int i = 0; i < 10; ++i) f.transport->answer(200, R"({"status":"InProgress"})");
  ArmResult r = f.client().put(kCluster, "v", forma::json::object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "OperationTimedOut");
  CHECK(f.transport->sent.size() == 5);  // polls at 300, 600, 900 and (capped) 1000 ms
}

TEST_CASE("a synchronous PUT answer is returned as is, without polling") {
  OperationFixture f;
  f.transport->answer(200, R"({"name":"ws","properties":{"provisioningState":"succeeded"}})");
  ArmResult r = f.client().put(kCluster, "v", forma::json::object());
  REQUIRE(r.ok());
  CHECK(r.body["name"] == "ws");
  CHECK(f.transport->sent.size() == 1);
}

TEST_CASE("DELETE of a resource that is already gone succeeds") {
  OperationFixture f;
  f.transport->answer(404, R"({"error":{"code":"ClusterNotFound","message":"no such cluster"}})");
  ArmResult r = f.client().remove(kCluster, "v");
  CHECK(r.ok());
  CHECK(f.transport->sent.size() == 1);
}

TEST_CASE("DELETE waits for the operation, and a 404 while polling means done") {
  OperationFixture f;
  f.transport->answer(202, "", {{"location", kLocation}}).answer(202).answer(404);
  ArmResult r = f.client().remove(kCluster, "v");
  CHECK(r.ok());
  CHECK(f.transport->sent.size() == 3);
  CHECK(f.transport->sent[0].method == "DELETE");
}

TEST_CASE("DELETE followed via Azure-AsyncOperation succeeds without reading the resource back") {
  OperationFixture f;
  f.transport->answer(202, "", {{"azure-asyncoperation", kAsync}}).answer(200, R"({"status":"Succeeded"})");
  ArmResult r = f.client().remove(kCluster, "v");
  CHECK(r.ok());
  CHECK(r.body.is_null());
  CHECK(f.transport->sent.size() == 2);
}

TEST_CASE("a POST action's result is read from Location once its operation succeeded") {
  OperationFixture f;
  f.transport->answer(202, "", {{"azure-asyncoperation", kAsync}, {"location", kLocation}})
      .answer(200, R"({"status":"Succeeded"})")
      .answer(200, R"({"value":[{"nodeId":"tvm-1","ipAddress":"127.0.0.2","port":50000}]})");
  ArmResult r = f.client().post(kCluster + "/listRemoteLoginInformation", "v");
  REQUIRE(r.ok());
  CHECK(r.body["value"][0]["port"] == 50000);
  CHECK(f.transport->sent[2].url == kLocation);
  CHECK(f.transport->sent[0].body.empty());
}

TEST_CASE("an operation status URL answering 202 without a body is still running") {
  OperationFixture f;
  f.transport->answer(202, "", {{"azure-asyncoperation", kAsync}})
      .answer(202)
      .answer(200, R"({"status":"Succeeded"})")
      .answer(200, R"({"name":"nc6"})");
  ArmResult r = f.client().put(kCluster, "v", forma::json::object());
  REQUIRE(r.ok());
  CHECK(r.body["name"] == "nc6");
  CHECK(f.transport->sent.size() == 4);
}
