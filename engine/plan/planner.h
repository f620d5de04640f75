// One run over the configuration: plan (compute changes) or, with an
// executor, apply (compute each change again with known values and carry it
// out). Both walk the same graph; see docs/architecture.md.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/plan/executor.h"
#include "engine/plan/observer.h"
#include "engine/plan/plan.h"
#include "engine/plan/providers.h"
#include "state/store.h"

namespace forma::plan {

struct RunOptions {
  bool refresh = true;
  bool refresh_only = false;
  bool destroy = false;
  int parallelism = 10;
  std::vector<std::string> targets;   // -target: these and what they depend on
  std::vector<std::string> excludes;  // -exclude: not these nor what depends on them
  std::vector<std::string> replace;   // -replace: instance addresses to replace
  const std::atomic<bool>* cancel = nullptr;
  std::string working_dir = ".";
  // Evaluate each refreshed instance's connection block (refresh-only runs):
  // RunResult::connections. For `forma nodes`; these hold secrets, never saved.
  bool evaluate_connections = false;
};

struct RunInputs {
  const config::Module* root = nullptr;
  std::map<std::string, json> variables;
  std::vector<std::string> sensitive_variables;
  std::vector<state::ResourceObject> state;
  std::vector<state::OutputValue> state_outputs;
  std::string lineage;
  int64_t serial = 0;
  ProviderSet* providers = nullptr;
  RunOptions options;
  RunObserver* observer = nullptr;
  ChangeExecutor* executor = nullptr;  // set: apply
  const Plan* approved = nullptr;      // apply: the plan shown; actions must match it
};

struct RunResult {
  Plan plan;                          // for apply: the changes as carried out
  std::vector<state::OutputValue> outputs;  // root outputs after the run
  std::map<std::string, json> connections;  // instance address -> evaluated connection (evaluate_connections)
  bool ok = false;
};

// Takes `inputs` by value: the state objects move into the run, uncopied.
RunResult run(RunInputs inputs);

// "test_null.a" for "test_null.a[\"k\"]": the resource an instance belongs to.
std::string base_of(const std::string& instance_address);

}  // namespace forma::plan
