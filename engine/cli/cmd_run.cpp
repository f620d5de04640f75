// plan, apply, destroy and refresh: one flow with a few switches.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "engine/apply/executor.h"
#include "engine/remote/communicator.h"
#include "engine/cli/commands.h"
#include "engine/cli/template_module.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/planner.h"
#include "engine/ui/json_progress.h"
#include "engine/ui/progress.h"

namespace forma::cli {

namespace {

bool approve(Session& s, Verb verb, bool auto_approve, bool input) {
  if (auto_approve) return true;
  if (s.json_stream()) {
    s.report({Diagnostic::error("No approval for " + std::string(verb == Verb::Destroy ? "destroy" : "apply") + " with -json",
                                "With -json forma cannot ask for \"yes\": pass -auto-approve or apply a saved plan.")});
    return false;
  }
  if (!input || !::isatty(0)) {
    s.report({Diagnostic::error(std::string("No approval for ") + (verb == Verb::Destroy ? "destroy" : "apply"),
                                "forma asks for \"yes\" on a terminal before it changes anything. Without a "
                                "terminal, pass -auto-approve or apply a saved plan: forma plan -out=tfplan && "
                                "forma apply tfplan.")});
    return false;
  }
  s.print(std::string("\nDo you want to perform these actions?\n  forma will ") +
          (verb == Verb::Destroy ? "destroy all the resources above" : "perform the actions described above") +
          ".\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "yes") return true;
  s.print_error("\nApply cancelled.\n");
  return false;
}

// The actions of two plans agree resource by resource.
bool same_actions(const plan::Plan& a, const plan::Plan& b, std::string& difference) {
  std::map<std::string, plan::Action> actions;
  for (const auto& c : a.changes)
    if (c.action != plan::Action::NoOp) actions[c.address + " " + c.deposed] = c.action;
  for (const auto& c : b.changes) {
    if (c.action == plan::Action::NoOp) continue;
    auto it = actions.find(c.address + " " + c.deposed);
    if (it == actions.end() || it->second != c.action) {
      difference = c.address;
      return false;
    }
    actions.erase(it);
  }
  if (!actions.empty()) {
    difference = actions.begin()->first;
    return false;
  }
  return true;
}

std::string apply_summary(const plan::Plan& p, Verb verb) {
  int added = p.count(plan::Action::Create) + p.count(plan::Action::Replace);
  int changed = p.count(plan::Action::Update);
  int destroyed = p.count(plan::Action::Delete) + p.count(plan::Action::Replace);
  if (verb == Verb::Destroy) return "Destroy complete! Resources: " + std::to_string(destroyed) + " destroyed.";
  return "Apply complete! Resources: " + std::to_string(added) + " added, " + std::to_string(changed) +
         " changed, " + std::to_string(destroyed) + " destroyed.";
}

void show_plan(Session& s, const plan::Plan& p) {
  if (auto* js = s.json_stream()) js->plan(p);
  else s.print(ui::render_plan(p, s.style()));
}

void show_outputs(Session& s, const std::vector<state::OutputValue>& outputs) {
  if (outputs.empty()) return;
  if (auto* js = s.json_stream()) js->outputs(outputs);
  else s.print("\nOutputs:\n\n" + ui::render_outputs(outputs, s.style()));
}

// Live progress of an apply: lines (and a status line on a terminal) for
// people, apply_* hooks with -json.
struct Progress {
  std::unique_ptr<ui::ActivityTracker> tracker;
  ui::ConsoleProgress* console = nullptr;

  explicit Progress(Session& s) {
    if (auto* js = s.json_stream()) {
      tracker = std::make_unique<ui::JsonProgress>(*js);
      return;
    }
    ui::ProgressOptions po;
    po.live = s.terminal();
    po.width = ui::terminal_width(1);
    auto c = std::make_unique<ui::ConsoleProgress>(stdout, s.style(), s.clock(), po);
    console = c.get();
    tracker = std::move(c);
  }
  // Runs `in` with "still ..." reports each 10 s, then erases the status line.
  plan::RunResult run(plan::RunInputs in) {
    in.observer = tracker.get();
    plan::RunResult result;
    {
      ui::Ticker ticker([this] { tracker->poll(); }, std::chrono::seconds(1));
      result = plan::run(std::move(in));
    }
    if (console) console->close();
    return result;
  }
};

}  // namespace

int run_verb(Session& s, Verb verb, const RunFlags& f) {
  std::unique_ptr<ui::JsonStream> json_stream;
  if (f.json) {
    json_stream = std::make_unique<ui::JsonStream>(stdout, s.clock());
    s.use_json(json_stream.get());
    json_stream->version(forma_version());
  }
  // From the first moment: a Ctrl-C while the configuration loads must not kill
  // forma outside the path that keeps state consistent.
  s.install_interrupt_handler();
  auto refresh = parse_bool(f.refresh);
  if (!refresh) return s.fail("Invalid -refresh value \"" + f.refresh + "\"", "Use -refresh=true or -refresh=false.");
  if (f.parallelism < 1 || f.parallelism > 10000)
    return s.fail("Invalid -parallelism value", "-parallelism takes a number from 1 to 10000.");

  // A saved plan decides the options and the variables; sensitive ones must be given again.
  std::optional<plan::PlanFile> saved;
  VarOptions vars = f.vars;
  if (!f.plan_file.empty()) {
    Status st;
    saved = plan::read_plan_file(f.plan_file, st);
    if (!saved) return s.fail("Cannot use the saved plan", st.message());
    // A plan made with -template deploys the same template, parameters and group.
    if (saved->source.is_object() && vars.template_input.file.empty())
      vars.template_input = template_input_from(saved->source, vars.template_input.parameters);
  }
  if (!s.load_config(vars)) return kExitError;
  if (saved) s.use_saved_variables(saved->variables);
  if (saved && saved->config_hash != s.config_hash())
    return s.fail("The saved plan is stale",
                  "The configuration changed after \"" + f.plan_file + "\" was made. Run forma plan -out again.");

  plan::RunOptions options;
  options.refresh = *refresh;
  options.refresh_only = f.refresh_only || verb == Verb::Refresh;
  options.destroy = f.destroy || verb == Verb::Destroy;
  options.parallelism = f.parallelism;
  options.targets = f.targets;
  options.excludes = f.excludes;
  options.replace = f.replace;
  options.cancel = &s.cancel();
  if (saved) {
    auto p = f.parallelism;
    options = saved->options;
    options.parallelism = p;
    options.cancel = &s.cancel();
  }
  bool writes = verb != Verb::Plan;
  const char* operation = verb == Verb::Plan ? "plan" : verb == Verb::Destroy ? "destroy" : verb == Verb::Refresh ? "refresh" : "apply";
  if (!s.open_state(f.state, writes, operation)) return kExitError;

  auto planned = plan::run(run_inputs(s, options));
  if (s.report(planned.plan.diags)) return kExitError;
  if (saved) {
    std::string diff;
    // A plan made before any state existed matches only a state that is still new.
    bool fresh = saved->plan.lineage.empty() && s.store() && s.store()->serial() == 0 && s.store()->resources().empty();
    if (s.store() && !fresh && (saved->plan.lineage != s.store()->lineage() || saved->plan.serial != s.store()->serial()))
      return s.fail("The saved plan is stale",
                    "The state changed after \"" + f.plan_file + "\" was made (serial " +
                        std::to_string(saved->plan.serial) + ", now " + std::to_string(s.store()->serial()) +
                        "). Run forma plan -out again.");
    if (!same_actions(saved->plan, planned.plan, diff))
      return s.fail("The saved plan is stale",
                    "Planning again gives a different change for " + diff + " than \"" + f.plan_file +
                        "\" records. Run forma plan -out again.");
  }

  if (verb == Verb::Plan) {
    show_plan(s, planned.plan);
    if (!f.out.empty()) {
      plan::PlanFile pf;
      pf.plan = planned.plan;
      pf.config_hash = s.config_hash();
      for (const auto& [k, v] : s.variables().values)
        if (std::find(s.variables().sensitive.begin(), s.variables().sensitive.end(), k) == s.variables().sensitive.end())
          pf.variables[k] = v;
      pf.sensitive_variables = s.variables().sensitive;
      pf.options = options;
      pf.options.cancel = nullptr;
      if (!f.vars.template_input.file.empty()) pf.source = template_source(f.vars.template_input);
      Status st = plan::write_plan_file(f.out, pf);
      if (!st) return s.fail("Cannot save the plan", st.message());
      if (auto* js = s.json_stream()) js->log("Saved the plan to: " + f.out);
      else s.print("\nSaved the plan to: " + f.out + "\n\nTo perform exactly these actions, run:\n  forma apply \"" + f.out + "\"\n");
    }
    if (f.detailed_exitcode && planned.plan.has_changes()) return kExitChanges;
    return kExitOk;
  }

  if (!saved) show_plan(s, planned.plan);
  if (!planned.plan.has_changes() && verb != Verb::Refresh && planned.plan.state_updates == 0) {
    if (s.store()) (void)s.store()->set_outputs(planned.outputs);
    show_outputs(s, planned.outputs);
    return kExitOk;
  }
  // Recording what refresh found changes nothing outside: it needs no approval.
  bool only_records = !planned.plan.has_changes();
  if (verb != Verb::Refresh && !saved && !only_records && !approve(s, verb, f.auto_approve, f.input)) return kExitError;
  if (!s.store()->encrypted()) {
    bool secrets = false;
    for (const auto& c : planned.plan.changes)
      if (!c.sensitive_paths.empty()) secrets = true;
    if (secrets && s.json_stream()) s.json_stream()->log(state::unencrypted_state_warning(), "warn");
    else if (secrets) s.print_error(state::unencrypted_state_warning() + "\n");
  }
  if (!s.json_stream()) s.print("\n");

  Progress progress(s);
  apply::StateExecutor executor(*s.store(), progress.tracker.get(), operation);
  auto communicator = remote::ssh_communicator();
  executor.set_communicator(communicator.get());
  auto in = run_inputs(s, options);
  in.executor = &executor;
  in.approved = &planned.plan;
  auto applied = progress.run(in);
  bool ok = applied.ok && !executor.store_failed();
  if (ok || executor.changed()) {
    if (!options.destroy || ok) (void)s.store()->set_outputs(options.destroy ? std::vector<state::OutputValue>{} : applied.outputs);
  }
  if (executor.changed()) (void)s.store()->bump_serial();
  if (s.report(applied.plan.diags) || !ok) return kExitError;
  if (auto* js = s.json_stream()) js->applied(applied.plan, options.destroy);
  else s.print("\n" + s.style().bold(s.style().green(apply_summary(applied.plan, verb))) + "\n");
  if (!options.destroy) show_outputs(s, applied.outputs);
  return kExitOk;
}

plan::RunInputs run_inputs(Session& s, const plan::RunOptions& options) {
  plan::RunInputs in;
  in.root = &s.root();
  in.variables = s.variables().values;
  in.sensitive_variables = s.variables().sensitive;
  if (auto* store = s.store()) {
    in.state = store->resources();
    in.state_outputs = store->outputs();
    in.lineage = store->lineage();
    in.serial = store->serial();
  }
  in.providers = &s.providers();
  in.options = options;
  return in;
}

}  // namespace forma::cli
