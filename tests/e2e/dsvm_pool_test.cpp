// azure_dsvm_pool against the emulator: the pool's life cycle, its SSH
// endpoints and JupyterHub, scaling in place, and autoscale's capacity not
// being drift.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"

using namespace forma::e2e;
using forma::json;

namespace {

// A pool without a night schedule, so that what it holds does not depend on the time of day.
std::string pool_config(int instances, bool autoscale) {
  json pool = {{"name", "team"},
               {"resource_group", "${azure_resource_group.rg.name}"},
               {"instances", instances},
               {"admin", {{"username", "dsvmuser"}, {"ssh_public_key", kTestPublicKey}}},
               {"shared_storage", {{"share_name", "notebooks"}}}};
  if (autoscale) pool["autoscale"] = {{"min", 0}, {"max", 10}};
  json config = {{"provider", {{"azure", {{"location", "eastus"}}}}},
                 {"resource", {{"azure_resource_group", {{"rg", {{"name", "forma-pool"}}}}},
                               {"azure_dsvm_pool", {{"team", pool}}}}},
                 {"output", {{"nodes", {{"value", "${azure_dsvm_pool.team.nodes}"}}},
                             {"url", {{"value", "${azure_dsvm_pool.team.jupyterhub_url}"}}}}}};
  return config.dump(2);
}

std::vector<std::string> env_for(const EmulatorProcess& emulator, const Workspace& ws) {
  std::vector<std::string> env = emulator.env();
  env.push_back("HOME=" + ws.path("home"));
  env.push_back("USER=e2euser");
  return env;
}

json output(const Workspace& ws, const std::string& name) {
  auto r = ws.forma({"output", "-json", name});
  return json::parse(r.out, nullptr, false);
}

// GETs the JupyterHub URL `n` times; the instances that answered.
std::multiset<std::string> served_by(const std::string& url, int n) {
  const std::string rest = url.substr(std::string("http://").size());
  const std::string host = rest.substr(0, rest.find(':'));
  const int port = std::stoi(rest.substr(rest.find(':') + 1));
  std::multiset<std::string> out;
  httplib::Client client(host, port);
  client.set_connection_timeout(2, 0);
  for (int i = 0; i < 100 && out.empty(); ++i) {  // the emulator starts the frontend within 100 ms
    auto res = client.Get("/");
    if (res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int i = 1; i < n; ++i)
    if (auto res = client.Get("/"); res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a DSVM pool applies, plans clean, scales in place and destroys everything it made") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(2, true));
  auto env = env_for(emulator, ws);
  auto plan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(contains(plan.out, "azure_dsvm_pool.team will be created"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "No changes."));

  const json nodes = output(ws, "nodes");
  REQUIRE(nodes.is_array());
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0]["node_id"] == "team_0");
  CHECK(nodes[0]["port"] == 50000);
  CHECK(nodes[1]["port"] == 50001);
  CHECK(nodes[0]["ip_address"].get<std::string>().starts_with("127.20."));
  CHECK(nodes[1]["state"] == "running");
  const std::string url = output(ws, "url").get<std::string>();
  CHECK(url == "http://" + nodes[0]["ip_address"].get<std::string>() + ":8000/");
  const auto served = served_by(url, 4);
  CHECK(served.count("team_0") == 2);
  CHECK(served.count("team_1") == 2);

  ws.write("main.forma.json", pool_config(3, true));
  auto resize = ws.forma({"plan", "-no-color"}, "", env);
  INFO(resize.out << resize.err);
  CHECK(contains(resize.out, "0 to add, 1 to change, 0 to destroy"));
  CHECK(contains(resize.out, "updated in-place"));
  auto scaled = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(scaled.out << scaled.err);
  CHECK(scaled.exit_code == 0);
  CHECK(output(ws, "nodes").size() == 3);
  CHECK(ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env).exit_code == 0);

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("capacity moved by autoscale is not drift; a resize behind forma's back without autoscale is") {
  EmulatorOptions fast;
  fast.extra_args = {"--autoscale-period-ms", "50"};
  EmulatorProcess emulator(fast);
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(1, true));
  auto env = env_for(emulator, ws);
  REQUIRE(ws.forma({"apply", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
  std::string sub;
  for (const auto& e : env)
    if (e.rfind("ARM_SUBSCRIPTION_ID=", 0) == 0) sub = e.substr(20);
  const std::string vmss = "/subscriptions/" + sub + "/resourceGroups/forma-pool/providers/Microsoft.Compute/virtualMachineScaleSets/team";
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 95}});
  json got;
  for (int i = 0; i < 100; ++i) {
    got = emulator.arm("GET", vmss + "?api-version=2020-12-01");
    if (got["sku"]["capacity"].get<int>() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(got["sku"]["capacity"].get<int>() >= 3);
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 50}});
  auto plan = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);

  ws.write("main.forma.json", pool_config(1, false));  // autoscale removed: one in-place update
  auto unscale = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(unscale.out << unscale.err);
  REQUIRE(unscale.exit_code == 0);
  int status = 0;
  emulator.arm("PATCH", vmss + "?api-version=2020-12-01", {{"sku", {{"capacity", 4}}}}, &status);
  REQUIRE(status == 200);
  auto drift = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 2);
  CHECK(contains(drift.out, "updated in-place"));
  CHECK(ws.forma({"apply", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.arm("GET", vmss + "?api-version=2020-12-01")["sku"]["capacity"] == 1);
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}
