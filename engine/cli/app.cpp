#include "engine/cli/app.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "engine/base/text.h"
#include "engine/cli/commands.h"
#include "engine/cli/completion.h"
#include "engine/cli/nodes_command.h"
#include "engine/cli/parse_errors.h"
#include "engine/cli/state_commands.h"

namespace forma::cli {

namespace {

// forma takes Terraform's single-dash long flags (-auto-approve, -var x=1,
// -chdir=DIR); CLI11 wants two dashes. Both spellings are accepted.
std::vector<std::string> normalize(int argc, char** argv) {
  std::vector<std::string> args;
  bool rest = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") rest = true;
    if (!rest && a.size() > 2 && a[0] == '-' && a[1] != '-' && std::isalpha(static_cast<unsigned char>(a[1])))
      a = "-" + a;
    args.push_back(a);
  }
  return args;
}

void add_state_flags(CLI::App* cmd, StateOptions& s, bool locking) {
  cmd->add_option("--state", s.path, "Path of the state file (default forma.state.db)");
  cmd->add_option("--state-key-file", s.key_file, "File holding the state encryption key (32 bytes, base64)");
  if (locking) {
    cmd->add_option("--lock", s.lock, "Take the state lock (default true)");
    cmd->add_option("--lock-timeout", s.lock_timeout, "How long to wait for the state lock, e.g. 30s");
  }
}

void add_var_flags(CLI::App* cmd, VarOptions& v) {
  cmd->add_option("--var", v.vars, "Set a variable: -var name=value")->take_all()->allow_extra_args(false);
  cmd->add_option("--var-file", v.var_files, "Read variables from a JSON file")->allow_extra_args(false);
  TemplateInput& t = v.template_input;
  cmd->add_option("--template", t.file, "Deploy this ARM template instead of *.forma.json (docs/arm-templates.md)");
  cmd->add_option("--parameters", t.parameters, "Template parameters: @FILE or name=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--resource-group", t.resource_group, "Resource group the template deploys into");
  cmd->add_option("--location", t.location, "Create the resource group in this location if it does not exist");
  cmd->add_option("--mode", t.mode, "incremental (default) or complete: delete the group's other resources");
  cmd->add_option("--name", t.name, "The deployment's name (default: the template file's name)");
}

void add_run_flags(CLI::App* cmd, RunFlags& f) {
  add_var_flags(cmd, f.vars);
  add_state_flags(cmd, f.state, true);
  cmd->add_option("--refresh", f.refresh, "Read every resource from its provider first (default true)");
  cmd->add_option("--parallelism", f.parallelism, "Provider operations in flight at once (default 10)");
  cmd->add_option("--target", f.targets, "Only this resource and what it depends on")->allow_extra_args(false);
  cmd->add_option("--exclude", f.excludes, "Not this resource nor what depends on it")->allow_extra_args(false);
  cmd->add_option("--replace", f.replace, "Replace this resource instance")->allow_extra_args(false);
  cmd->add_option("--input", f.input, "Ask for input on a terminal (default true)");
  cmd->add_flag("--json", f.json, "Machine-readable output: one JSON object a line (docs/json-output.md)");
}

// Help names flags as forma documents them: -auto-approve, not --auto-approve.
class SingleDashFormatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* opt, bool positional) const override {
    std::string name = CLI::Formatter::make_option_name(opt, positional);
    for (size_t at = name.find("--"); at != std::string::npos; at = name.find("--", at + 1)) name.erase(at, 1);
    return name;
  }
};

// Errors before a Session exists: no colour, since nothing has been decided yet.
int print_error(const Diagnostic& d) {
  std::string text = format_diagnostic(d);
  std::fwrite(text.data(), 1, text.size(), stderr);
  return kExitError;
}


}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"forma: declarative provisioning for Azure machine-learning infrastructure", "forma"};
  app.formatter(std::make_shared<SingleDashFormatter>());
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--chdir", global.chdir, "Switch to this directory before doing anything");
  app.add_flag("--no-color", global.no_color, "Plain output without colours (also NO_COLOR)");

  RunFlags run;
  Verb verb = Verb::Plan;
  auto* plan = app.add_subcommand("plan", "Show the changes needed to reach the configuration");
  add_run_flags(plan, run);
  plan->add_option("--out", run.out, "Save the plan to this file for a later apply");
  plan->add_flag("--detailed-exitcode", run.detailed_exitcode, "Exit 0 when no changes, 2 when changes, 1 on error");
  plan->add_flag("--destroy", run.destroy, "Plan to destroy everything");
  plan->add_flag("--refresh-only", run.refresh_only, "Only update state from what exists");
  auto* apply = app.add_subcommand("apply", "Make the changes: create, update and destroy resources");
  add_run_flags(apply, run);
  apply->add_flag("--auto-approve", run.auto_approve, "Apply without asking for yes");
  apply->add_flag("--destroy", run.destroy, "Destroy everything");
  apply->add_flag("--refresh-only", run.refresh_only, "Only update state from what exists");
  apply->add_option("plan_file", run.plan_file, "A plan saved with plan -out");
  auto* destroy = app.add_subcommand("destroy", "Destroy every resource in the state");
  add_run_flags(destroy, run);
  destroy->add_flag("--auto-approve", run.auto_approve, "Destroy without asking for yes");
  auto* refresh = app.add_subcommand("refresh", "Update the state from what exists (same as apply -refresh-only -auto-approve)");
  add_run_flags(refresh, run);

  VarOptions vars;
  auto* init = app.add_subcommand("init", "Check the configuration and find its providers");
  auto* validate = app.add_subcommand("validate", "Check the configuration without touching state or cloud");
  add_var_flags(validate, vars);
  bool validate_json = false;
  validate->add_flag("--json", validate_json, "Machine-readable output: one JSON object a line");

  StateOptions state;
  std::string plan_file, name, format;
  bool json_output = false, raw = false, check = false, diff = false;
  auto* show = app.add_subcommand("show", "Show the state, or a saved plan");
  add_state_flags(show, state, false);
  show->add_option("plan_file", plan_file, "A plan saved with plan -out");
  show->add_flag("--json", json_output, "One JSON document");
  auto* output = app.add_subcommand("output", "Show output values from the state");
  add_state_flags(output, state, false);
  output->add_option("name", name, "One output");
  output->add_flag("--json", json_output, "JSON");
  output->add_flag("--raw", raw, "The plain string, no quotes");
  auto* graph = app.add_subcommand("graph", "Print the dependency graph (DOT, SVG, PNG)");
  graph->add_option("--plan", plan_file, "Colour resources by the action of this saved plan");
  graph->add_option("--format", format, "dot (default), svg or png");
  std::vector<std::string> fmt_paths;
  auto* fmt = app.add_subcommand("fmt", "Rewrite config files in the canonical format, keeping comments");
  fmt->add_flag("--check", check, "Only list files that need formatting; exit 3 if any");
  fmt->add_flag("--diff", diff, "Show the changes");
  fmt->add_option("paths", fmt_paths, "Files or directories (default .)");
  std::string shell;
  auto* completion = app.add_subcommand("completion", "Print a shell completion script (bash or zsh)");
  completion->add_option("shell", shell, "bash or zsh, e.g. source <(forma completion bash)")->required();
  auto* version = app.add_subcommand("version", "Print the version");
  version->add_flag("--json", json_output, "JSON");

  StateCommand sc;
  auto* state_cmd = app.add_subcommand("state", "Inspect and edit the state");
  state_cmd->require_subcommand(1);
  struct StateVerb { const char* name; const char* help; int min_args; int max_args; };
  for (auto v : {StateVerb{"list", "List resources in state", 0, 1}, StateVerb{"show", "Show one resource", 1, 1},
                 StateVerb{"rm", "Forget resources without destroying them", 1, -1},
                 StateVerb{"mv", "Rename a resource or instance", 2, 2}, StateVerb{"pull", "Export the state as JSON", 0, 0},
                 StateVerb{"push", "Replace the state with a JSON export", 1, 1},
                 StateVerb{"history", "List applied changes", 0, 1},
                 StateVerb{"rekey", "Re-encrypt secrets with a new key", 0, 0}}) {
    auto* sub = state_cmd->add_subcommand(v.name, v.help);
    add_state_flags(sub, sc.state, true);
    auto* opt = sub->add_option("args", sc.args, "Addresses");
    if (v.max_args == 0) opt->expected(0);
    else if (v.max_args > 0) opt->expected(v.min_args, v.max_args);
    else opt->expected(v.min_args, 1 << 20);
    if (v.min_args > 0) opt->required();
    if (std::string(v.name) == "push") sub->add_flag("--force", sc.force, "Skip the lineage and serial checks");
    if (std::string(v.name) == "rekey") sub->add_option("--new-key-file", sc.new_key_file, "File with the new key")->required();
    sub->callback([&sc, sub] { sc.verb = sub->get_name(); });
  }
  std::string address, id, lock_id;
  auto* import = app.add_subcommand("import", "Adopt an existing object into state");
  add_state_flags(import, state, true);
  add_var_flags(import, vars);
  import->add_option("address", address, "Resource address")->required();
  import->add_option("id", id, "The object's id in the provider")->required();
  auto* taint = app.add_subcommand("taint", "Mark an instance to be replaced at the next apply");
  add_state_flags(taint, sc.state, true);
  taint->add_option("address", address, "Resource instance address")->required();
  auto* untaint = app.add_subcommand("untaint", "Clear the taint of an instance");
  add_state_flags(untaint, sc.state, true);
  untaint->add_option("address", address, "Resource instance address")->required();
  auto* unlock = app.add_subcommand("force-unlock", "Remove a state lock left by a process that died");
  add_state_flags(unlock, state, false);
  unlock->add_option("lock_id", lock_id, "The lock id named in the lock error")->required();
  auto* providers = app.add_subcommand("providers", "Provider information");
  auto* providers_schema = providers->add_subcommand("schema", "Print every provider's schema");
  providers_schema->add_flag("--json", json_output, "JSON (the only format)");
  bool config_schema = false;
  providers_schema->add_flag("--config-schema", config_schema,
                             "Print the JSON Schema of the config language with every resource type's arguments");

  NodesCommand nodes_cmd;
  auto* nodes = app.add_subcommand("nodes", "The nodes of a cluster or pool: list them, run commands, ssh in");
  nodes->require_subcommand(1);
  auto* nodes_list = nodes->add_subcommand("list", "Refresh the resource and list its nodes: NODE ID, IP, PORT, STATE");
  auto* nodes_exec = nodes->add_subcommand("exec", "Run a command on every node (or one) at once over SSH");
  auto* nodes_ssh = nodes->add_subcommand("ssh", "Open ssh to a node (the first, or NODE: an id or an index)");
  nodes_exec->footer("Example: forma nodes exec azure_batchai_cluster.nc6 -- hostname\n"
                     "Each output line starts with the node id; exit 1 if the command failed on any node.");
  nodes_ssh->footer("Example: forma nodes ssh azure_batchai_cluster.nc6 0\n"
                    "Runs the system ssh with the host key recorded in state; keys and passwords never go in its arguments.");
  for (auto* sub : {nodes_list, nodes_exec, nodes_ssh}) {
    add_state_flags(sub, nodes_cmd.state, true);
    add_var_flags(sub, nodes_cmd.vars);
    sub->add_option("address", nodes_cmd.address, "Resource instance address, e.g. azure_batchai_cluster.nc6")->required();
    if (sub == nodes_list) continue;
    sub->add_option("--user", nodes_cmd.user, "Log in as this user (default: the connection block's)");
    sub->add_option("--identity-file", nodes_cmd.identity_file, "Private key file to log in with");
    sub->add_option("--password-env", nodes_cmd.password_env, "Environment variable holding the password");
  }
  nodes_exec->add_option("--node", nodes_cmd.node, "Only this node: its id or its index");
  nodes_ssh->add_option("node", nodes_cmd.node, "A node id or index (default: the first node)");

  auto args = normalize(argc, argv);
  // What follows `--` is the remote command of nodes exec|ssh, taken before
  // CLI11 sees it: CLI11 2.1 hands a subcommand's `--` to its parent.
  std::vector<std::string> after_dashes;
  if (auto dashes = std::find(args.begin(), args.end(), "--"); dashes != args.end()) {
    after_dashes.assign(dashes + 1, args.end());
    args.erase(dashes, args.end());
  }
  // Unknown commands and flags get a suggestion rather than CLI11's generic message.
  if (auto unknown = check_command_line(app, args)) return print_error(*unknown);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return print_error(describe_parse_error(e));
  }

  if (!global.chdir.empty() && ::chdir(global.chdir.c_str()) != 0) {
    return print_error(Diagnostic::error("Cannot switch to directory " + quote(global.chdir) + ": " + std::strerror(errno),
                                         "-chdir names the directory that holds the *.forma.json files."));
  }
  Session s(global);
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  s.exe_dir = ec ? std::string(".") : exe.parent_path().string();
  if (!after_dashes.empty() && !*nodes_exec && !*nodes_ssh)
    return s.fail("Unexpected arguments after --",
                  "Only forma nodes exec and forma nodes ssh take a command after --.");
  nodes_cmd.command = after_dashes;

  if (*plan) verb = Verb::Plan;
  if (*apply) verb = Verb::Apply;
  if (*destroy) verb = Verb::Destroy;
  if (*refresh) verb = Verb::Refresh;
  if (*plan || *apply || *destroy || *refresh) return run_verb(s, verb, run);
  if (*init) return cmd_init(s);
  if (*validate) return cmd_validate(s, vars, validate_json);
  if (*show) return cmd_show(s, state, plan_file, json_output);
  if (*output) return cmd_output(s, state, name, json_output, raw);
  if (*graph) return cmd_graph(s, plan_file, format);
  if (*fmt) return cmd_fmt(s, check, diff, fmt_paths);
  if (*version) return cmd_version(s, json_output);
  if (*completion) {
    auto script = completion_script(app, shell);
    if (!script) return s.fail("Unknown shell " + quote(shell), "forma completes bash and zsh: forma completion bash, or forma completion zsh.");
    s.print(*script);
    return kExitOk;
  }
  if (*state_cmd) return cmd_state(s, sc);
  if (*import) return cmd_import(s, state, vars, address, id);
  if (*taint || *untaint) {
    sc.verb = *taint ? "taint" : "untaint";
    sc.args = {address};
    return cmd_state(s, sc);
  }
  if (*unlock) return cmd_force_unlock(s, state, lock_id);
  if (*providers_schema) return cmd_providers_schema(s, config_schema);
  if (*nodes) {
    nodes_cmd.verb = *nodes_list ? "list" : *nodes_exec ? "exec" : "ssh";
    auto communicator = remote::ssh_communicator();
    return cmd_nodes(s, nodes_cmd, *communicator);
  }
  return kExitOk;
}

}  // namespace forma::cli
