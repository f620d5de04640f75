#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

std::vector<Fault> draws(uint64_t seed, const FaultSettings& settings, int n) {
  FaultInjector injector(seed, settings);
  std::vector<Fault> out;
  for (int i = 0; i < n; ++i) out.push_back(injector.next_request_fault());
  return out;
}

FaultSettings mixed() {
  FaultSettings f;
  f.rate_429 = 0.1;
  f.rate_503 = 0.05;
  f.rate_500 = 0.05;
  f.rate_drop = 0.1;
  return f;
}

}  // namespace

TEST_CASE("the same seed draws the same faults in the same order") {
  const auto a = draws(42, mixed(), 500), b = draws(42, mixed(), 500), c = draws(43, mixed(), 500);
  CHECK(a == b);
  CHECK(a != c);
  const long throttled = std::count(a.begin(), a.end(), Fault::Throttle);
  CHECK(throttled > 20);
  CHECK(throttled < 80);
  CHECK(std::count(a.begin(), a.end(), Fault::DropAfterHandling) > 0);
  CHECK(std::count(a.begin(), a.end(), Fault::DropBeforeHandling) > 0);
}

TEST_CASE("an emulator run with the same seed answers the same status sequence") {
  auto statuses = [](uint64_t seed) {
    Options o = test_options();
    o.seed = seed;
    o.faults.rate_429 = 0.3;
    o.faults.rate_503 = 0.2;
    TestEmulator emu(o);
    std::vector<int> out;
    for (int i = 0; i < 30; ++i) out.push_back(emu.arm("GET", emu.subscription() + kResources).status);
    return out;
  };
  const auto first = statuses(5);
  CHECK(first == statuses(5));
  CHECK(std::count(first.begin(), first.end(), 429) > 0);
  CHECK(std::count(first.begin(), first.end(), 200) > 0);
}

TEST_CASE("throttled and unavailable answers carry Retry-After and an ARM error body") {
  Options o = test_options();
  o.faults.rate_429 = 1;
  TestEmulator emu(o);
  Answer throttled = emu.arm("GET", emu.subscription() + kResources);
  CHECK(throttled.status == 429);
  CHECK(throttled.header("Retry-After") == "1");
  CHECK(throttled.body["error"]["code"] == "TooManyRequests");
  REQUIRE(emu.admin("PUT", "/_emulator/faults", {{"rate_429", 0}, {"rate_503", 1}}).status == 200);
  Answer unavailable = emu.arm("GET", emu.subscription() + kResources);
  CHECK(unavailable.status == 503);
  CHECK(unavailable.header("Retry-After") == "1");
  CHECK(unavailable.body["error"]["code"] == "ServiceUnavailable");
  // Never the token endpoint nor the admin API.
  CHECK(emu.admin("GET", "/_emulator/faults").status == 200);
}

TEST_CASE("a dropped connection gives no answer, and half the time the request was carried out") {
  Options o = test_options();
  o.faults.rate_drop = 1;
  TestEmulator emu(o);
  const std::string token = emu.token();
  int carried_out = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string rg = emu.subscription() + "/resourceGroups/rg" + std::to_string(i);
    Answer a = emu.arm("PUT", rg + kResources, {{"location", "eastus"}});
    CHECK(a.status == 0);
  }
  carried_out = static_cast<int>(emu.admin("GET", "/_emulator/resources").body["value"].size());
  CHECK(carried_out > 0);
  CHECK(carried_out < 20);
}

TEST_CASE("with lro_fail an operation ends Failed with InternalServerError") {
  Options o = test_options();
  o.faults.lro_fail = 1;
  TestEmulator emu(o);
  const std::string cluster = emu.workspace() + "/clusters/c" + kBatchAi;
  Answer accepted = emu.arm("PUT", cluster, cluster_body(1));
  const json done = emu.wait_for(accepted);
  CHECK(done["status"] == "Failed");
  CHECK(done["error"]["code"] == "InternalServerError");
  CHECK(emu.arm("GET", cluster).body["properties"]["provisioningState"] == "failed");
}

TEST_CASE("latency is added to every ARM call") {
  Options o = test_options();
  o.faults.latency_ms = 200;
  TestEmulator emu(o);
  emu.token();
  const auto start = std::chrono::steady_clock::now();
  emu.arm("GET", emu.subscription() + kResources);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(200));
}
