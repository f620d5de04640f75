// The Azure provider against the emulator beyond the examples' happy path:
// faults, quota errors, drift made behind forma's back, import.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>

#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
namespace fs = std::filesystem;

namespace {

void copy_example(const Workspace& ws, const std::string& name) {
  copy_tree(fs::path(FORMA_SOURCE_DIR) / "examples" / name, ws.dir());
}

std::vector<std::string> env_for(const EmulatorProcess& emulator, const Workspace& ws) {
  std::vector<std::string> env = emulator.env();
  env.push_back("HOME=" + ws.path("home"));  // generate_ssh_keys creates its key pair here
  env.push_back("USER=e2euser");
  return env;
}

std::string env_value(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& e : env)
    if (e.rfind(key + "=", 0) == 0) return e.substr(key.size() + 1);
  return "";
}

using forma::testing::contains;

}  // namespace

TEST_CASE("every Azure example converges through throttling, 503s and dropped connections") {
  for (const std::string example : {"quickstart", "batchai-autoscale-lowpriority", "batchai-dsvm-custom"}) {
    DYNAMIC_SECTION(example) {
      EmulatorOptions faulty;
      faulty.faults = "429=0.10,503=0.05,drop=0.02";
      faulty.seed = 11;
      EmulatorProcess emulator(faulty);
      INFO(emulator.startup_error());
      REQUIRE(emulator.running());
      Workspace ws;
      copy_example(ws, example);
      REQUIRE_FALSE(make_ssh_key_pair(ws, "home/.ssh/id_rsa").empty());  // batchai-dsvm-custom's remote-exec logs in
      auto env = env_for(emulator, ws);
      auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
      INFO(apply.out << apply.err);
      REQUIRE(apply.exit_code == 0);
      auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
      INFO(again.out << again.err);
      CHECK(again.exit_code == 0);
      auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
      INFO(destroy.out << destroy.err);
      CHECK(destroy.exit_code == 0);
      CHECK(emulator.resource_ids() == std::vector<std::string>{});
    }
  }
}

TEST_CASE("a cluster beyond the core quota fails clearly and keeps what was created") {
  EmulatorOptions small_quota;
  small_quota.extra_args = {"--quota", "standardNCFamily=6"};
  EmulatorProcess emulator(small_quota);
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  copy_example(ws, "quickstart");
  auto env = env_for(emulator, ws);
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);  // 2 x NC6 = 12 cores > 6
  INFO(apply.out << apply.err);
  CHECK(apply.exit_code == 1);
  CHECK(contains(apply.err, "quota"));
  CHECK(contains(apply.err, "azure_batchai_cluster.nc6"));
  auto listed = ws.forma({"state", "list"});
  CHECK(contains(listed.out, "azure_resource_group.rg"));
  CHECK(contains(listed.out, "azure_batchai_workspace.ws"));
  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("a cluster resized behind forma's back shows as drift and is put back") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  copy_example(ws, "quickstart");
  auto env = env_for(emulator, ws);
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  const std::string cluster = "/subscriptions/" + env_value(env, "ARM_SUBSCRIPTION_ID") +
                              "/resourceGroups/forma-quickstart/providers/Microsoft.BatchAI/workspaces/ws/clusters/nc6";
  int status = 0;
  emulator.arm("PATCH", cluster + "?api-version=2018-05-01",
               {{"properties", {{"scaleSettings", {{"manual", {{"targetNodeCount", 5}}}}}}}}, &status);
  REQUIRE(status == 200);
  auto drift = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 2);
  CHECK(contains(drift.out, "updated in-place"));
  CHECK(contains(drift.out, "0 to add, 1 to change, 0 to destroy"));
  auto fix = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  CHECK(fix.exit_code == 0);
  json cluster_now = emulator.arm("GET", cluster + "?api-version=2018-05-01");
  CHECK(cluster_now["properties"]["scaleSettings"]["manual"]["targetNodeCount"] == 2);
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
}

TEST_CASE("an existing cluster is imported by its ARM id and then plans clean") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace first;
  copy_example(first, "quickstart");
  auto env = env_for(emulator, first);
  REQUIRE(first.forma({"apply", "-auto-approve"}, "", env).exit_code == 0);
  // A second configuration adopts the same objects without creating them.
  Workspace second;
  copy_example(second, "quickstart");
  const std::string rg = "/subscriptions/" + env_value(env, "ARM_SUBSCRIPTION_ID") + "/resourceGroups/forma-quickstart";
  const std::string ws_id = rg + "/providers/Microsoft.BatchAI/workspaces/ws";
  for (auto [address, id] : std::vector<std::pair<std::string, std::string>>{
           {"azure_resource_group.rg", rg}, {"azure_batchai_workspace.ws", ws_id},
           {"azure_batchai_cluster.nc6", ws_id + "/clusters/nc6"}}) {
    auto imported = second.forma({"import", "-no-color", address, id}, "", env);
    INFO(imported.out << imported.err);
    CHECK(imported.exit_code == 0);
  }
  // Nothing to do to the imported objects; only the outputs, never applied
  // from this configuration, are new.
  auto plan = second.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK_FALSE(contains(plan.out, "will be"));
  CHECK_FALSE(contains(plan.out, "must be replaced"));
  CHECK(first.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("forma import configures the provider from its block, with no ARM_* variables set") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  const std::string sub = env_value(emulator.env(), "ARM_SUBSCRIPTION_ID");
  REQUIRE_FALSE(sub.empty());
  // Every setting comes from a variable, so only the provider block can carry it.
  std::vector<std::string> env;
  for (const char* key : {"ARM_ENDPOINT", "ARM_CA_FILE", "ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET",
                          "ARM_SUBSCRIPTION_ID"}) {
    std::string name = std::string(key).substr(4);
    for (auto& c : name) c = static_cast<char>(std::tolower(c));
    env.push_back("FORMA_VAR_" + name + "=" + env_value(emulator.env(), key));
  }
  Workspace ws;
  ws.write("main.forma.json", R"({
    "variable": {"endpoint": {}, "ca_file": {}, "tenant_id": {}, "client_id": {},
                 "client_secret": {"sensitive": true}, "subscription_id": {}},
    "provider": {"azure": {"endpoint": "${var.endpoint}", "ca_file": "${var.ca_file}",
                           "tenant_id": "${var.tenant_id}", "client_id": "${var.client_id}",
                           "client_secret": "${var.client_secret}", "subscription_id": "${var.subscription_id}",
                           "location": "eastus"}},
    "resource": {"azure_resource_group": {"rg": {"name": "imported-rg"}}}})");
  int status = 0;
  emulator.arm("PUT", "/subscriptions/" + sub + "/resourceGroups/imported-rg?api-version=2019-10-01",
               {{"location", "eastus"}}, &status);
  REQUIRE((status == 200 || status == 201));
  auto imported = ws.forma({"import", "-no-color", "azure_resource_group.rg",
                            "/subscriptions/" + sub + "/resourceGroups/imported-rg"},
                           "", env);
  INFO(imported.out << imported.err);
  CHECK(imported.exit_code == 0);
  auto plan = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}
