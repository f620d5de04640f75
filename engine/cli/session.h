// What every command shares: output with style, loading the configuration and
// variables, opening and locking the state, starting providers.
#pragma once

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/plan/providers.h"
#include "engine/ui/clock.h"
#include "engine/ui/json_stream.h"
#include "engine/ui/render.h"
#include "state/store.h"

namespace forma::cli {

struct GlobalOptions {
  std::string chdir;
  bool no_color = false;
};

struct StateOptions {
  std::string path = "forma.state.db";
  std::string key_file;
  std::string lock = "true";
  std::string lock_timeout = "0s";
};

// -template: an ARM template stands in for the *.forma.json files.
struct TemplateInput {
  std::string file;                     // -template
  std::vector<std::string> parameters;  // -parameters @FILE or name=value, in order
  std::string resource_group;           // -resource-group
  std::string location;                 // -location: create the group there if it does not exist
  std::string mode = "incremental";     // -mode
  std::string name;                     // -name: the deployment's; default: the file's stem
};

struct VarOptions {
  std::vector<std::string> vars;       // name=value
  std::vector<std::string> var_files;
  TemplateInput template_input;
};

// Exit codes, as Terraform's.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitChanges = 2;

class Session {
 public:
  explicit Session(const GlobalOptions& global);

  const ui::Style& style() const { return style_; }
  // stdout is a terminal: live progress and colour (unless -no-color or NO_COLOR).
  bool terminal() const { return terminal_; }
  const ui::Clock& clock() const { return clock_; }
  // -json: from now on diagnostics are JSON lines on stdout (null: human text on stderr).
  void use_json(ui::JsonStream* stream) { json_ = stream; }
  ui::JsonStream* json_stream() const { return json_; }
  void print(const std::string& text) const;        // stdout
  void print_error(const std::string& text) const;  // stderr
  // Prints diagnostics to stderr (or as JSON lines); returns true if any is an error.
  bool report(const Diagnostics& diags) const;
  int fail(const std::string& summary, const std::string& detail = {}) const;

  // Loads *.forma.json of the working directory and resolves variables.
  bool load_config(const VarOptions& vars);
  const config::Module& root() const { return *root_; }
  const config::VariableValues& variables() const { return variables_; }
  // A saved plan's variable values take the place of the ones given now.
  void use_saved_variables(const std::map<std::string, json>& values);
  std::string config_hash() const;

  // Opens the state (with -template and no -state: the template's own,
  // azuredeploy.state.db). `write`: create it if missing and take the lock for
  // `operation` (honouring -lock and -lock-timeout). Without `write` a
  // missing file is an empty state and nothing is created.
  bool open_state(const StateOptions& options, bool write, const std::string& operation);
  state::Store* store() const { return store_.get(); }
  void release_state();

  plan::ProviderSet& providers();
  std::atomic<bool>& cancel() { return cancel_; }
  // SIGINT: the first stops new work, the second exits at once.
  void install_interrupt_handler();

  std::string exe_dir;

 private:
  ui::Style style_;
  bool terminal_ = false;
  ui::SystemClock clock_;
  ui::JsonStream* json_ = nullptr;
  std::unique_ptr<config::Module> root_;
  // -template FILE keeps its own state, FILE's stem + ".state.db", unless -state names one.
  std::string template_state_;
  config::VariableValues variables_;
  std::unique_ptr<state::Store> store_;
  bool locked_ = false;
  std::unique_ptr<plan::ProviderLauncher> launcher_;
  std::unique_ptr<plan::ProviderSet> providers_;
  std::atomic<bool> cancel_{false};
};

// "true"/"false" (also 1/0); nullopt when neither.
std::optional<bool> parse_bool(const std::string& text);

}  // namespace forma::cli
