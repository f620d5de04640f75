// state subcommands, import, taint/untaint, force-unlock, providers schema.
#include <filesystem>
#include <functional>
#include <set>

#include "engine/config/editor_schema.h"
#include "engine/base/text.h"
#include "engine/cli/commands.h"
#include "engine/cli/state_commands.h"
#include "engine/graph/address.h"
#include "engine/graph/builder.h"
#include "engine/plan/planner.h"
#include "state/commands.h"

namespace forma::cli {

namespace {

int finish(Session& s, const state::CommandResult& r, const char* what) {
  if (!r.status) return s.fail(std::string("Cannot ") + what, r.status.message());
  s.print(r.output);
  return kExitOk;
}

// Starts and configures the provider of `address` exactly as plan does: a
// plan walk targeted at that resource evaluates the provider block with the
// configuration's variables and locals. Nothing is applied or written.
bool configure_provider_of(Session& s, const std::string& address) {
  plan::RunOptions options;
  options.refresh = false;
  options.targets = {address};
  auto planned = plan::run(run_inputs(s, options));
  Diagnostics errors;
  for (const auto& d : planned.plan.diags)
    if (d.severity == Severity::Error) errors.push_back(d);
  return !s.report(errors);
}

}  // namespace

int cmd_state(Session& s, const StateCommand& c) {
  bool writes = c.verb == "rm" || c.verb == "mv" || c.verb == "push" || c.verb == "rekey" ||
                c.verb == "taint" || c.verb == "untaint";
  StateOptions options = c.state;
  if (!writes) options.lock = "false";
  if (!s.open_state(options, writes, "state " + c.verb)) return kExitError;
  if (!s.store()) {
    if (c.verb == "list" || c.verb == "history") return kExitOk;
    return s.fail("No state", "There is no state file at \"" + c.state.path + "\" yet; apply a configuration first.");
  }
  auto& store = *s.store();
  if (c.verb == "list") return finish(s, state::state_list(store, c.args.empty() ? "" : c.args[0]), "list the state");
  if (c.verb == "show") return finish(s, state::state_show(store, c.args.at(0)), "show the resource");
  if (c.verb == "rm") return finish(s, state::state_rm(store, c.args), "remove from state");
  if (c.verb == "mv") return finish(s, state::state_mv(store, c.args.at(0), c.args.at(1)), "move in state");
  if (c.verb == "pull") return finish(s, state::state_pull(store), "export the state");
  if (c.verb == "push") return finish(s, state::state_push_file(store, c.args.at(0), c.force), "push the state");
  if (c.verb == "history") return finish(s, state::state_history(store, c.args.empty() ? "" : c.args[0]), "list history");
  if (c.verb == "taint") return finish(s, state::state_taint(store, c.args.at(0)), "taint");
  if (c.verb == "untaint") return finish(s, state::state_untaint(store, c.args.at(0)), "untaint");
  if (c.verb == "rekey") {
    Status st;
    auto key = state::load_state_key(c.new_key_file, st);
    if (!st) return s.fail("Invalid new state key", st.message());
    if (!key) return s.fail("No new key", "Give the new key with -new-key-file FILE (32 bytes, base64).");
    return finish(s, state::state_rekey(store, key), "rekey the state");
  }
  return s.fail("Unknown state command \"" + c.verb + "\"");
}

int cmd_force_unlock(Session& s, const StateOptions& state, const std::string& lock_id) {
  StateOptions options = state;
  options.lock = "false";
  if (!s.open_state(options, true, "force-unlock")) return kExitError;
  Status st = s.store()->force_unlock(lock_id);
  if (!st) return s.fail("Cannot unlock the state", st.message());
  s.print("forma state has been successfully unlocked.\n");
  return kExitOk;
}

int cmd_import(Session& s, const StateOptions& state, const VarOptions& vars, const std::string& address,
               const std::string& id) {
  std::string error;
  auto addr = graph::parse_address(address, error);
  if (!addr) return s.fail("Invalid address", error);
  if (!s.load_config(vars)) return kExitError;
  const config::Resource* block = s.root().find_resource(addr->local());
  if (!block || addr->data)
    return s.fail("Resource " + addr->base() + " is not in the configuration",
                  "Add a resource block for it before importing, so forma knows how to manage it.");
  if (!s.open_state(state, true, "import")) return kExitError;
  for (const auto& o : s.store()->resources())
    if (o.address == address)
      return s.fail("Resource already managed", address + " is already in state; remove it first with forma state rm.");
  std::string provider_address = graph::provider_address_of(*block);
  std::string provider_name = provider_address.substr(9, provider_address.find('.', 9) == std::string::npos
                                                              ? std::string::npos
                                                              : provider_address.find('.', 9) - 9);
  if (!configure_provider_of(s, address)) return kExitError;
  auto* p = s.providers().get(provider_address);
  if (!p) return s.fail("Import failed", "The provider of " + address + " did not start.");
  auto r = p->call("import_resource", json{{"type", block->type}, {"id", id}});
  if (!r.ok) return s.fail("Import failed", r.error);
  if (s.report(provider::diagnostics_from(r.result, address))) return kExitError;
  json found = r.result.value("state", json());
  if (found.is_null()) return s.fail("Cannot import non-existent object", "The provider found no " + block->type + " with id \"" + id + "\".");
  state::ResourceObject o;
  o.address = address;
  o.type = block->type;
  o.provider = provider_address;
  o.attributes = found;
  const json* schema = s.providers().resource_schema(provider_name, block->type, false);
  if (schema) {
    o.schema_version = schema->value("version", 0);
    for (const auto& [k, a] : (*schema)["attributes"].items())
      if (a.value("sensitive", false)) o.sensitive_paths.push_back("/" + k);
  }
  state::HistoryEntry h;
  h.serial = s.store()->serial() + 1;
  h.operation = "import";
  h.address = address;
  h.action = "import";
  h.after_hash = sha256_hex(found.dump());
  Status st = s.store()->put(o, &h);
  if (!st) return s.fail("Cannot record the import", st.message());
  (void)s.store()->bump_serial();
  s.print(s.style().green(address + ": Import complete!") + "\n");
  return kExitOk;
}

int cmd_providers_schema(Session& s, bool config_schema) {
  // Every installed provider, and those the configuration here names (it may be absent).
  std::set<std::string> names;
  for (const auto& n : provider::list_plugins(s.exe_dir, std::filesystem::current_path().string())) names.insert(n);
  bool has_config = false;
  for (const auto& e : std::filesystem::directory_iterator(".", std::filesystem::directory_options::skip_permission_denied))
    if (e.path().filename().string().ends_with(".forma.json")) has_config = true;
  if (has_config && !config_schema) {
    auto loaded = config::load_module(".");
    if (s.report(loaded.diags) || !loaded.root) return kExitError;
    std::function<void(const config::Module&)> collect = [&](const config::Module& m) {
      for (const auto& r : m.resources) names.insert(r.implied_provider());
      for (const auto& p : m.providers) names.insert(p.name);
      for (const auto& [n, c] : m.children) collect(*c);
    };
    collect(*loaded.root);
  }
  Diagnostics diags;
  json schemas = json::object();
  for (const auto& name : names) {
    if (!s.providers().start("provider." + name, name, diags)) continue;
    auto r = s.providers().get("provider." + name)->call("schema", json::object());
    if (r.ok) schemas[name] = r.result;
    else diags.push_back(Diagnostic::error("Cannot read the schema of provider " + quote(name), r.error));
  }
  if (s.report(diags)) return kExitError;
  if (config_schema) s.print(config::editor_schema(schemas).dump(2) + "\n");
  else s.print(json{{"format_version", "1.0"}, {"provider_schemas", schemas}}.dump() + "\n");
  return kExitOk;
}

}  // namespace forma::cli
