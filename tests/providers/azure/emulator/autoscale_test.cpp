#include <chrono>
#include <ctime>
#include <thread>

#include "providers/azure/emulator/autoscale.h"
#include "tests/providers/azure/emulator/network_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

json profile(const std::string& name, int lo, int hi, int dflt) {
  return {{"name", name},
          {"capacity", {{"minimum", std::to_string(lo)}, {"maximum", std::to_string(hi)}, {"default", std::to_string(dflt)}}},
          {"rules", json::array()}};
}

json weekly(json p, int hour, int minute) {
  p["recurrence"] = {{"frequency", "Week"},
                     {"schedule",
                      {{"timeZone", "UTC"},
                       {"days", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}},
                       {"hours", {hour}},
                       {"minutes", {minute}}}}};
  return p;
}

json cpu_rule(const std::string& target, const std::string& direction, const std::string& op, double threshold) {
  return {{"metricTrigger",
           {{"metricName", "Percentage CPU"}, {"metricResourceUri", target}, {"timeGrain", "PT1M"},
            {"statistic", "Average"}, {"timeWindow", "PT5M"}, {"timeAggregation", "Average"}, {"operator", op},
            {"threshold", threshold}}},
          {"scaleAction", {{"direction", direction}, {"type", "ChangeCount"}, {"value", "1"}, {"cooldown", "PT5M"}}}};
}

// A vector, not a json: json{p} of one profile would be the profile itself, not a list.
json setting(const std::string& target, const std::vector<json>& profiles) {
  return {{"location", "eastus"},
          {"properties", {{"enabled", true}, {"targetResourceUri", target}, {"profiles", json(profiles)}}}};
}

int64_t at(const char* iso) { return *parse_iso_time(iso); }

Pool autoscaled_pool(TestEmulator& emu, int capacity) {
  Pool p = pool_network(emu);
  emu.wait_for(emu.arm("PUT", p.vmss + kCompute, vmss_body(p, capacity)));
  return p;
}

int capacity(TestEmulator& emu, const Pool& p) { return emu.arm("GET", p.vmss + kCompute).body["sku"]["capacity"]; }

}  // namespace

TEST_CASE("the profile in force is the fixed date window, else the recurrence that started last, else the default") {
  const json night = weekly(profile("night", 0, 0, 0), 20, 0);
  const json day = weekly(profile("day", 1, 10, 2), 7, 0);
  json launch = profile("launch", 5, 5, 5);
  launch["fixedDate"] = {{"timeZone", "UTC"}, {"start", "2026-03-02T09:00:00Z"}, {"end", "2026-03-02T12:00:00Z"}};
  const json both = {{"profiles", {day, night, launch}}};
  CHECK(active_profile(both, at("2026-03-02T21:30:00Z"))["name"] == "night");
  CHECK(active_profile(both, at("2026-03-03T06:59:00Z"))["name"] == "night");
  CHECK(active_profile(both, at("2026-03-03T07:00:00Z"))["name"] == "day");
  CHECK(active_profile(both, at("2026-03-02T10:00:00Z"))["name"] == "launch");
  CHECK(active_profile(both, at("2026-03-02T10:00:00+01:00"))["name"] == "launch");
  const json plain = {{"profiles", {profile("default", 0, 10, 2)}}};
  CHECK(active_profile(plain, at("2026-03-02T10:00:00Z"))["name"] == "default");
}

TEST_CASE("an autoscale setting brings its scale set to the default capacity of the profile in force") {
  TestEmulator emu;
  const Pool p = autoscaled_pool(emu, 1);
  const std::string as = p.rg + "/providers/Microsoft.Insights/autoscalesettings/pool-autoscale";
  Answer put = emu.arm("PUT", as + kInsights, setting(p.vmss, {profile("default", 0, 10, 3)}));
  INFO(put.body.dump());
  REQUIRE(put.status == 201);
  CHECK(put.body["properties"]["profiles"][0]["capacity"]["default"] == "3");
  CHECK(put.body["type"] == "Microsoft.Insights/autoscaleSettings");
  CHECK(capacity(emu, p) == 3);
  // A manual resize within the bounds stays; one beyond them is pulled back by
  // the emulator's autoscale tick (every 100 ms), as Azure's autoscale does on
  // its next evaluation: not at once.
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 5}}}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(capacity(emu, p) == 5);
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 12}}}}));
  const json pulled_back = emu.wait_until(p.vmss + kCompute, [](const json& b) { return b["sku"]["capacity"] == 10; });
  CHECK(pulled_back["sku"]["capacity"] == 10);
  Answer bad = emu.arm("PUT", as + kInsights, setting(p.vmss, {profile("default", 2, 1, 1)}));
  CHECK(bad.status == 400);
}

TEST_CASE("a recurrence profile with capacity 0 that is in force scales the set to zero") {
  TestEmulator emu;
  const Pool p = autoscaled_pool(emu, 2);
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  const std::tm earlier = [&] { std::time_t t = now - 3600; std::tm e{}; gmtime_r(&t, &e); return e; }();
  const std::vector<json> profiles = {weekly(profile("working-hours", 1, 10, 2), earlier.tm_hour, earlier.tm_min),
                                      weekly(profile("scale-to-zero", 0, 0, 0), tm.tm_hour, tm.tm_min)};
  const std::string as = p.rg + "/providers/Microsoft.Insights/autoscalesettings/pool-autoscale";
  REQUIRE(emu.arm("PUT", as + kInsights, setting(p.vmss, profiles)).status == 201);
  CHECK(capacity(emu, p) == 0);
  CHECK(emu.arm("GET", p.vmss + "/virtualMachines" + kCompute).body["value"].empty());
  // Disabled, the setting leaves the set alone.
  json off = setting(p.vmss, profiles);
  off["properties"]["enabled"] = false;
  REQUIRE(emu.arm("PUT", as + kInsights, off).status == 200);
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 2}}}}));
  CHECK(capacity(emu, p) == 2);
}

TEST_CASE("CPU rules driven by the emulated metric scale out to the maximum and back in") {
  Options o = test_options();
  o.autoscale_period_ms = 20;
  TestEmulator emu(o);
  const Pool p = autoscaled_pool(emu, 1);
  json busy = profile("default", 1, 3, 1);
  busy["rules"] = {cpu_rule(p.vmss, "Increase", "GreaterThan", 75), cpu_rule(p.vmss, "Decrease", "LessThan", 25)};
  const std::string as = p.rg + "/providers/Microsoft.Insights/autoscalesettings/pool-autoscale";
  REQUIRE(emu.arm("PUT", as + kInsights, setting(p.vmss, {busy})).status == 201);
  CHECK(capacity(emu, p) == 1);
  REQUIRE(emu.admin("PUT", "/_emulator/metrics", {{"resource_id", p.vmss}, {"metric", "Percentage CPU"}, {"value", 90}}).status == 200);
  json got = emu.wait_until(p.vmss + kCompute, [](const json& v) { return v["sku"]["capacity"] == 3; });
  CHECK(got["sku"]["capacity"] == 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(capacity(emu, p) == 3);  // never beyond the maximum
  emu.admin("PUT", "/_emulator/metrics", {{"resource_id", p.vmss}, {"metric", "Percentage CPU"}, {"value", 10}});
  got = emu.wait_until(p.vmss + kCompute, [](const json& v) { return v["sku"]["capacity"] == 1; });
  CHECK(got["sku"]["capacity"] == 1);
}
