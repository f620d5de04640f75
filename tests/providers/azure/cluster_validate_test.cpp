// validate() of azure_batchai_cluster: the checks a plan makes before any call to Azure.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "providers/azure/cluster_validate.h"
#include "tests/providers/azure/azure_test_support.h"

using namespace forma;
using namespace forma::azure;
using forma::azure::testing::plain_env;

namespace {

json valid_config() {
  return {{"name", "nc6"},
          {"workspace_id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.BatchAI/workspaces/w"},
          {"vm_size", "Standard_NC6"},
          {"scale", {{"manual", {{"target_nodes", 2}}}}},
          {"user", {{"password", "Secret123!"}}}};
}

// The summaries of the errors validate() reports for `config`.
std::vector<std::string> errors_of(const json& config) {
  std::vector<std::string> out;
  for (const auto& d : validate_cluster_config(config, plain_env())) out.push_back(d.summary + " @" + d.json_path);
  return out;
}

bool mentions(const std::vector<std::string>& errors, const std::string& text) {
  for (const auto& e : errors)
    if (e.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a complete cluster config validates") { CHECK(errors_of(valid_config()).empty()); }

TEST_CASE("a cluster's scale must be exactly one of manual and auto") {
  json both = valid_config();
  both["scale"]["auto"] = {{"min_nodes", 0}, {"max_nodes", 2}};
  CHECK(mentions(errors_of(both), "both manual and auto"));
  json neither = valid_config();
  neither["scale"] = json::object();
  CHECK(mentions(errors_of(neither), "neither manual nor auto"));
  json none = valid_config();
  none.erase("scale");
  CHECK(mentions(errors_of(none), "Missing scale"));
}

TEST_CASE("auto-scale needs min_nodes <= initial_nodes <= max_nodes") {
  json config = valid_config();
  config["scale"] = {{"auto", {{"min_nodes", 3}, {"max_nodes", 2}}}};
  CHECK(mentions(errors_of(config), "max_nodes is smaller than min_nodes @/scale/auto/max_nodes"));
  config["scale"] = {{"auto", {{"min_nodes", 1}, {"max_nodes", 4}, {"initial_nodes", 5}}}};
  CHECK(mentions(errors_of(config), "initial_nodes is outside"));
  config["scale"] = {{"auto", {{"min_nodes", 1}, {"max_nodes", 4}, {"initial_nodes", 2}}}};
  CHECK(errors_of(config).empty());
}

TEST_CASE("the admin account needs a password, a key or generate_ssh_keys") {
  json config = valid_config();
  config["user"] = {{"name", "me"}};
  CHECK(mentions(errors_of(config), "no password and no SSH key"));
  config["generate_ssh_keys"] = true;
  CHECK(errors_of(config).empty());
  config.erase("generate_ssh_keys");
  config["user"]["ssh_public_key"] = "ssh-rsa AAAA";
  CHECK(errors_of(config).empty());
}

TEST_CASE("cluster names follow Batch AI's rule") {
  json config = valid_config();
  config["name"] = "no spaces allowed";
  CHECK(mentions(errors_of(config), "Invalid name"));
  config["name"] = std::string(65, 'a');
  CHECK(mentions(errors_of(config), "Invalid name"));
  config["name"] = "ok-name_1";
  CHECK(errors_of(config).empty());
}

TEST_CASE("an unknown image alias is refused with a suggestion") {
  json config = valid_config();
  config["image"] = "UbuntuDSMV";
  auto diags = validate_cluster_config(config, plain_env());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].detail.find("UbuntuDSVM") != std::string::npos);
}

TEST_CASE("a workspace is named by id or by group and name, not both") {
  json config = valid_config();
  config["resource_group"] = "g";
  CHECK(mentions(errors_of(config), "not both"));
  config = valid_config();
  config["workspace_id"] = "/subscriptions/s/resourceGroups/g";
  CHECK(mentions(errors_of(config), "not the ARM id of a Batch AI workspace"));
}

TEST_CASE("a setup task without a file share needs an output prefix under the mount root") {
  json config = valid_config();
  config["setup_task"] = {{"command_line", "true"}};
  CHECK(mentions(errors_of(config), "needs std_out_err_path_prefix"));
  config["auto_storage"] = json::object();
  CHECK(errors_of(config).empty());
  config["setup_task"]["std_out_err_path_prefix"] = "/tmp/out";
  CHECK(mentions(errors_of(config), "under $AZ_BATCHAI_MOUNT_ROOT"));
}

TEST_CASE("a config file that breaks the cluster schema is reported with the path inside it") {
  auto path = std::filesystem::temp_directory_path() / ("forma-cluster-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"properties": {"vmSize": "STANDARD_D1",
      "scaleSettings": {"manual": {"targetNodes": 1}}}})";
  json config = valid_config();
  config.erase("scale");
  config["config_file"] = path.string();
  auto errors = errors_of(config);
  std::filesystem::remove(path);
  CHECK(mentions(errors, "/properties/scaleSettings/manual"));
  CHECK(mentions(errors, "@/config_file"));
}

TEST_CASE("a missing config file is an error naming it") {
  json config = valid_config();
  config["config_file"] = "/nonexistent/cluster.json";
  CHECK(mentions(errors_of(config), "config_file \"/nonexistent/cluster.json\": cannot be read"));
}

TEST_CASE("a setup task writing beside the mounts gets a warning naming them") {
  json config = valid_config();
  config["auto_storage"] = {{"file_share", "afs"}};
  config["setup_task"] = {{"command_line", "true"}, {"std_out_err_path_prefix", "$AZ_BATCHAI_MOUNT_ROOT/afs"}};
  auto diags = validate_cluster_config(config, plain_env());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].severity == Severity::Warning);
  CHECK(diags[0].detail.find("autoafs, autobfs") != std::string::npos);
  config["setup_task"]["std_out_err_path_prefix"] = "$AZ_BATCHAI_MOUNT_ROOT/autoafs/logs";
  CHECK(validate_cluster_config(config, plain_env()).empty());
}
