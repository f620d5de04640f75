// Every example under examples/ plans, applies, plans clean, changes scale in
// place and destroys; the Azure ones against a forma-azure-emulator started
// for the test, whose resource list must be empty at the end.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <optional>

#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"

using namespace forma::e2e;
namespace fs = std::filesystem;

namespace {

// The -var that changes each Azure example's scale, which must plan as one in-place update.
const std::map<std::string, std::string> kScaleChange = {
    {"quickstart", "nodes=3"},
    {"batchai-autoscale-lowpriority", "max_nodes=6"},
    {"batchai-dsvm-custom", "nodes=3"},
    {"dsvm-interactive-pool", "instances=3"},
    {"arm-storage-share", "share_quota_gb=200"},
};

// Examples whose remote-exec leaves a ready-<node>.txt on their share, from every node.
const std::map<std::string, int> kReadyMarkers = {
    {"batchai-dsvm-custom", 2},
    {"dsvm-interactive-pool", 2},
};

bool is_azure(const fs::path& example) { return kScaleChange.count(example.filename().string()) > 0; }

// forma's environment: the emulator's credentials and a HOME of its own, with
// an SSH key pair as `az batchai cluster create --generate-ssh-keys` expects
// (RSA in PEM, which remote-exec logs in to the emulated nodes with).
std::vector<std::string> azure_env(const EmulatorProcess& emulator, const Workspace& ws) {
  REQUIRE_FALSE(make_ssh_key_pair(ws, "home/.ssh/id_rsa").empty());
  std::vector<std::string> env = emulator.env();
  env.push_back("HOME=" + ws.path("home"));
  env.push_back("USER=e2euser");
  return env;
}

// The ready-*.txt files under the emulator's shares.
int ready_markers(const EmulatorProcess& emulator) {
  int n = 0;
  for (const auto& f : fs::recursive_directory_iterator(emulator.data_dir() / "shares"))
    if (f.is_regular_file() && f.path().filename().string().starts_with("ready-")) ++n;
  return n;
}

}  // namespace

TEST_CASE("every example plans, applies, plans clean, scales in place and destroys") {
  int examples = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FORMA_SOURCE_DIR) / "examples")) {
    if (!entry.is_directory()) continue;
    ++examples;
    DYNAMIC_SECTION(entry.path().filename().string()) {
      Workspace ws;
      copy_tree(entry.path(), ws.dir());
      std::optional<EmulatorProcess> emulator;
      std::vector<std::string> env;
      if (is_azure(entry.path())) {
        // At noon, outside the DSVM pool's scale-to-zero hours (20:00-07:00 UTC).
        EmulatorOptions noon;
        noon.extra_args = clock_start_tomorrow_at(12);
        emulator.emplace(noon);
        INFO(emulator->startup_error());
        REQUIRE(emulator->running());
        env = azure_env(*emulator, ws);
      }
      auto fmt = ws.forma({"fmt", "-check"});
      INFO("forma fmt -check: " << fmt.out << fmt.err);
      CHECK(fmt.exit_code == 0);  // examples are written in the canonical format
      auto plan = ws.forma({"plan", "-no-color"}, "", env);
      INFO(plan.out << plan.err);
      REQUIRE(plan.exit_code == 0);
      auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
      INFO(apply.out << apply.err);
      REQUIRE(apply.exit_code == 0);
      CHECK(apply.out.find("Apply complete!") != std::string::npos);
      if (auto markers = kReadyMarkers.find(entry.path().filename().string()); markers != kReadyMarkers.end())
        CHECK(ready_markers(*emulator) == markers->second);
      auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
      INFO(again.out << again.err);
      CHECK(again.exit_code == 0);
      CHECK(again.out.find("No changes.") != std::string::npos);
      if (emulator) {
        const std::string scale = kScaleChange.at(entry.path().filename().string());
        auto resize = ws.forma({"plan", "-no-color", "-var", scale}, "", env);
        INFO(resize.out << resize.err);
        CHECK(resize.out.find("0 to add, 1 to change, 0 to destroy") != std::string::npos);
        CHECK(resize.out.find("updated in-place") != std::string::npos);
        auto scaled = ws.forma({"apply", "-auto-approve", "-no-color", "-var", scale}, "", env);
        INFO(scaled.out << scaled.err);
        CHECK(scaled.exit_code == 0);
        auto settled = ws.forma({"plan", "-detailed-exitcode", "-no-color", "-var", scale}, "", env);
        INFO(settled.out << settled.err);
        CHECK(settled.exit_code == 0);
      }
      auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
      INFO(destroy.out << destroy.err);
      CHECK(destroy.exit_code == 0);
      CHECK(ws.forma({"state", "list"}).out.empty());
      if (emulator) CHECK(emulator->resource_ids() == std::vector<std::string>{});
    }
  }
  CHECK(examples >= 4);
}
