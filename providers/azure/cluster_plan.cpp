#include "providers/azure/cluster_plan.h"

#include <algorithm>

#include "providers/azure/arm_id.h"
#include "providers/azure/auto_storage.h"
#include "providers/azure/cluster_body.h"
#include "providers/azure/cluster_state.h"
#include "providers/azure/state_values.h"
#include "providers/azure/user_account.h"

namespace forma::azure {
namespace {


void require_replace(sdk::PlannedChange& change, const std::string& pointer) {
  if (std::find(change.requires_replace.begin(), change.requires_replace.end(), pointer) == change.requires_replace.end())
    change.requires_replace.push_back(pointer);
}

// A value config leaves to the provider but that forces replacement when it
// changes (vm_priority, config_file's hash).
void plan_forced(const json& prior, json& planned, const char* key, const json& value, sdk::PlannedChange& change) {
  planned[key] = value;
  if (prior.is_object() && prior.contains(key) && prior[key] != value) require_replace(change, std::string("/") + key);
}

// Fills user fields the config leaves out from the file's userAccountSettings.
void user_from_file(json& planned, const json& config, const json& settings) {
  if (!settings.is_object()) return;
  json configured = config.value("user", json());
  json& user = planned["user"];
  if (!user.is_object() || is_unknown(user))
    user = {{"name", unknown_value()}, {"ssh_public_key", unknown_value()}, {"password", nullptr}};
  for (const auto& [key, arm] : {std::pair{"name", "adminUserName"}, {"ssh_public_key", "adminUserSshPublicKey"},
                                 {"password", "adminUserPassword"}})
    if (!is_set(configured, key) && settings.value(arm, json()).is_string()) user[key] = settings[arm];
}

void plan_auto_storage(json& planned) {
  json& block = planned["auto_storage"];
  if (!block.is_object() || is_unknown(block)) return;
  json& name = block["storage_account_name"];
  if (name.is_null() || is_unknown(name)) name = random_auto_storage_name();
}

void plan_setup_output(json& planned, const json& file_properties) {
  json& task = planned["setup_task"];
  if (!task.is_object() || is_unknown(task)) return;
  json& prefix = task["std_out_err_path_prefix"];
  if (!prefix.is_null() && !is_unknown(prefix)) return;
  json from_file = file_properties.value(json::json_pointer("/nodeSetup/setupTask/stdOutErrPathPrefix"), json());
  std::string fallback = default_setup_output(planned);
  if (from_file.is_string()) prefix = from_file;
  else if (!fallback.empty()) prefix = fallback;
  else if (!contains_unknown(planned.value("azure_file_shares", json()))) prefix = nullptr;
}

// Names Azure compares without case keep the spelling already recorded, so
// an import or Azure's capitals ("STANDARD_NC6") plan no change.
void keep_recorded_spelling(const json& prior, json& planned, sdk::PlannedChange& change) {
  if (!prior.is_object()) return;
  for (const char* key : {"vm_size", "workspace_id", "resource_group", "workspace_name", "subnet_id", "location"}) {
    json before = prior.value(key, json()), after = planned.value(key, json());
    if (!before.is_string() || !after.is_string() || before == after ||
        !iequals(before.get<std::string>(), after.get<std::string>()))
      continue;
    planned[key] = before;
    auto& rr = change.requires_replace;
    rr.erase(std::remove(rr.begin(), rr.end(), std::string("/") + key), rr.end());
  }
}

}  // namespace

void plan_cluster(const json& prior, const json& config, const json& file_properties, const std::string& file_sha256,
                  const EnvLookup& env, sdk::PlannedChange& change) {
  json& planned = change.planned_state;
  const json file = file_properties.is_object() ? file_properties : json::object();
  plan_forced(prior, planned, "config_file_sha256", file_sha256.empty() ? json() : json(file_sha256), change);
  if (!is_set(config, "vm_priority"))
    plan_forced(prior, planned, "vm_priority", file.value("vmPriority", json("dedicated")), change);
  if (!is_set(config, "scale") && file.value("scaleSettings", json()).is_object())
    planned["scale"] = scale_from_settings(file["scaleSettings"], prior.is_object() ? prior.value("scale", json()) : json());
  keep_recorded_spelling(prior, planned, change);
  // generate_ssh_keys only acts at creation: on an existing cluster it keeps
  // its recorded value, so importing or toggling it plans no change.
  if (prior.is_object() && change.requires_replace.empty() && prior.contains("generate_ssh_keys"))
    planned["generate_ssh_keys"] = prior["generate_ssh_keys"];
  if (!is_unknown(config.value("user", json()))) {
    user_from_file(planned, config, file.value("userAccountSettings", json()));
    plan_user(planned, config, env);
  }
  plan_auto_storage(planned);
  plan_setup_output(planned, file);
}

}  // namespace forma::azure
