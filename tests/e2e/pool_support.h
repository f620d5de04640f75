// What the pool tests share: an azure_dsvm_pool config, forma's environment
// for it, its outputs and the emulator's view of its SSH servers.
#pragma once

#include <string>
#include <vector>

#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"

namespace forma::e2e {

// A pool without a night schedule, so that what it holds does not depend on the time of day.
inline std::string pool_config(int instances, bool autoscale, const std::string& public_key = kTestPublicKey) {
  json pool = {{"name", "team"},
               {"resource_group", "${azure_resource_group.rg.name}"},
               {"instances", instances},
               {"admin", {{"username", "dsvmuser"}, {"ssh_public_key", public_key}}},
               {"shared_storage", {{"share_name", "notebooks"}}}};
  if (autoscale) pool["autoscale"] = {{"min", 0}, {"max", 10}};
  json config = {{"provider", {{"azure", {{"location", "eastus"}}}}},
                 {"resource", {{"azure_resource_group", {{"rg", {{"name", "forma-pool"}}}}},
                               {"azure_dsvm_pool", {{"team", pool}}}}},
                 {"output", {{"nodes", {{"value", "${azure_dsvm_pool.team.nodes}"}}},
                             {"url", {{"value", "${azure_dsvm_pool.team.jupyterhub_url}"}}}}}};
  return config.dump(2);
}

inline std::vector<std::string> pool_env(const EmulatorProcess& emulator, const Workspace& ws) {
  std::vector<std::string> env = emulator.env();
  env.push_back("HOME=" + ws.path("home"));
  env.push_back("USER=e2euser");
  return env;
}

// The ARM id of the scale set pool_config's pool makes.
inline std::string team_scale_set_id(const std::vector<std::string>& env) {
  std::string subscription;
  for (const auto& e : env)
    if (e.rfind("ARM_SUBSCRIPTION_ID=", 0) == 0) subscription = e.substr(20);
  return "/subscriptions/" + subscription +
         "/resourceGroups/forma-pool/providers/Microsoft.Compute/virtualMachineScaleSets/team";
}

inline json pool_output(const Workspace& ws, const std::string& name) {
  auto r = ws.forma({"output", "-json", name});
  return json::parse(r.out, nullptr, false);
}

// The emulator's view of the pool's SSH servers.
inline json pool_ssh_servers(const EmulatorProcess& emulator, const std::string& scale_set_id) {
  json listed = emulator.admin("GET", "/_emulator/nodes?owner=" + scale_set_id);
  return listed.is_object() ? listed.value("value", json::array()) : json::array();
}

// pool_config with `connection` and `provisioner` on the pool, and `extra` resources.
inline std::string pool_with(const std::string& public_key, const json& connection, const json& provisioners,
                      const json& extra_groups = json::object()) {
  json config = json::parse(pool_config(1, false, public_key));
  json& pool = config["resource"]["azure_dsvm_pool"]["team"];
  if (!connection.is_null()) pool["connection"] = connection;
  if (!provisioners.is_null()) pool["provisioner"] = provisioners;
  for (const auto& [name, body] : extra_groups.items()) config["resource"]["azure_resource_group"][name] = body;
  return config.dump(2);
}

// forma nodes exec ADDRESS as dsvmuser with the key in `identity_file`, then `tail` ("--", "hostname").
inline std::vector<std::string> nodes_exec_args(const std::string& address, const std::string& identity_file,
                                                const std::vector<std::string>& tail) {
  std::vector<std::string> args = {"nodes", "exec", address, "-user", "dsvmuser", "-identity-file", identity_file};
  args.insert(args.end(), tail.begin(), tail.end());
  return args;
}

}  // namespace forma::e2e
