#include "tests/engine/plan/run_fixture.h"

#include <algorithm>

#include "engine/apply/executor.h"

namespace forma::plan::testing {

RunFixture::RunFixture() {
  Status st;
  store_ = state::Store::open(dir_.file("state.db"), state::OpenOptions{}, st);
  if (!store_) throw std::runtime_error("cannot open the test state: " + st.message());
}

bool RunFixture::load(RunResult& failed) {
  auto loaded = config::load_module(dir_.path());
  failed = RunResult{};
  failed.plan.diags = loaded.diags;
  if (!loaded.root || has_errors(loaded.diags)) return false;
  root_ = std::move(loaded.root);
  config::VariableInputs vi;
  vi.read_environment = false;
  vars_ = config::resolve_variables(*root_, vi);
  for (const auto& [k, v] : variables) vars_.values[k] = v;
  append(failed.plan.diags, vars_.diags);
  return !has_errors(vars_.diags);
}

RunInputs RunFixture::inputs(const RunOptions& options) {
  RunInputs in;
  in.root = root_.get();
  in.variables = vars_.values;
  in.sensitive_variables = vars_.sensitive;
  in.state = store_->resources();
  in.state_outputs = store_->outputs();
  in.lineage = store_->lineage();
  in.serial = store_->serial();
  in.providers = providers_.get();
  in.options = options;
  in.options.working_dir = dir_.path();
  in.observer = observer;
  return in;
}

RunResult RunFixture::plan(RunOptions options) {
  RunResult failed;
  if (!load(failed)) return failed;
  providers_ = std::make_unique<ProviderSet>(launcher_);
  return run(inputs(options));
}

RunResult RunFixture::apply(RunOptions options) {
  last_plan_ = plan(options);
  if (!last_plan_.ok) return last_plan_;
  apply::StateExecutor executor(*store_, observer, options.destroy ? "destroy" : "apply");
  executor.set_communicator(communicator);
  auto in = inputs(options);
  in.executor = &executor;
  in.approved = &last_plan_.plan;
  auto applied = run(in);
  if (applied.ok || executor.changed())
    (void)store_->set_outputs(options.destroy ? std::vector<state::OutputValue>{} : applied.outputs);
  if (executor.changed()) (void)store_->bump_serial();
  if (executor.store_failed()) applied.ok = false;
  return applied;
}

std::optional<state::ResourceObject> RunFixture::object(const std::string& address, const std::string& deposed) const {
  for (auto& o : store_->resources())
    if (o.address == address && o.deposed == deposed) return o;
  return std::nullopt;
}

std::vector<std::string> RunFixture::addresses() const {
  std::vector<std::string> out;
  for (auto& o : store_->resources())
    if (o.deposed.empty()) out.push_back(o.address);
  std::sort(out.begin(), out.end());
  return out;
}

const ResourceChange* find_change(const Plan& p, const std::string& address, const std::string& deposed) {
  for (const auto& c : p.changes)
    if (c.address == address && c.deposed == deposed) return &c;
  return nullptr;
}

Action action_of(const Plan& p, const std::string& address) {
  const auto* c = find_change(p, address);
  return c ? c->action : Action::NoOp;
}

std::string summary(const Plan& p) {
  std::string out;
  for (const auto& c : p.changes) {
    if (c.action == Action::NoOp) continue;
    out += std::string(out.empty() ? "" : ", ") + to_string(c.action) + " " + c.address + (c.deposed.empty() ? "" : " (deposed)");
  }
  return out;
}

std::string describe(const Diagnostics& diags) { return config::testing::describe(diags); }

bool mentions(const Diagnostics& diags, const std::string& text) {
  for (const auto& d : diags)
    if (d.summary.find(text) != std::string::npos || d.detail.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace forma::plan::testing
