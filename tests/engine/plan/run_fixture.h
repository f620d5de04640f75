// A small stand-in for the CLI's plan/apply flow, for tests: a config written
// to a temp dir, loaded with config::load_module, run with plan::run against
// a FakeProvider and a real SQLite state store in the same dir.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/planner.h"
#include "engine/remote/communicator.h"
#include "state/store.h"
#include "tests/engine/config/config_test_support.h"
#include "tests/engine/plan/fake_provider.h"

namespace forma::plan::testing {

class RunFixture {
 public:
  RunFixture();

  // Writes main.forma.json (or any file) into the config directory.
  void config(const std::string& text) const { write("main.forma.json", text); }
  void write(const std::string& relative, const std::string& text) const { dir_.write(relative, text); }
  std::string path(const std::string& relative) const { return dir_.file(relative); }

  // `forma plan`: loads the config and plans it against the state. A config
  // that does not load gives a result with its diagnostics and ok == false.
  RunResult plan(RunOptions options = {});
  // `forma apply -auto-approve`: plans, then (when the plan is fine) applies
  // that plan with an apply::StateExecutor, sets outputs and bumps the serial.
  RunResult apply(RunOptions options = {});
  // The plan that apply() made before applying.
  const RunResult& last_plan() const { return last_plan_; }

  state::Store& store() { return *store_; }
  std::optional<state::ResourceObject> object(const std::string& address, const std::string& deposed = "") const;
  std::vector<std::string> addresses() const;  // current objects in state, sorted

  std::shared_ptr<FakeProvider> fake = std::make_shared<FakeProvider>();
  std::map<std::string, json> variables;  // override variable values, like -var
  RunObserver* observer = nullptr;
  remote::Communicator* communicator = nullptr;  // for provisioners

 private:
  bool load(RunResult& failed);
  RunInputs inputs(const RunOptions& options);

  config::testing::TempDir dir_;
  std::unique_ptr<state::Store> store_;
  std::unique_ptr<config::Module> root_;
  config::VariableValues vars_;
  FakeLauncher launcher_{fake};
  std::unique_ptr<ProviderSet> providers_;
  RunResult last_plan_;
};

// The change for `address` (and deposed key) in `p`, or nullptr.
const ResourceChange* find_change(const Plan& p, const std::string& address, const std::string& deposed = "");
// The action planned for `address`; NoOp when it is not in the plan at all.
Action action_of(const Plan& p, const std::string& address);
// "create fake_thing.a, delete fake_thing.b": every change that does something.
std::string summary(const Plan& p);
// Diagnostics one per line, for INFO().
std::string describe(const Diagnostics& diags);
// True when some diagnostic's summary or detail contains `text`.
bool mentions(const Diagnostics& diags, const std::string& text);

}  // namespace forma::plan::testing
