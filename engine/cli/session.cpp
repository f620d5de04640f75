#include "engine/cli/session.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/text.h"
#include "engine/cli/template_module.h"

namespace forma::cli {

namespace {

std::atomic<bool>* g_cancel = nullptr;
std::atomic<int> g_interrupts{0};

void on_interrupt(int) {
  int n = ++g_interrupts;
  if (n >= 2) {
    const char msg[] = "\nTwo interrupts received. Exiting immediately; state holds every change made so far.\n";
    (void)!::write(2, msg, sizeof msg - 1);
    _exit(1);
  }
  if (g_cancel) g_cancel->store(true);
  const char msg[] = "\nInterrupt received. Waiting for operations in flight to finish; press Ctrl-C again to exit now.\n";
  (void)!::write(2, msg, sizeof msg - 1);
}

}  // namespace

Session::Session(const GlobalOptions& global) {
  terminal_ = ::isatty(1) != 0;
  // NO_COLOR: any non-empty value turns colour off (no-color.org).
  const char* no_color = std::getenv("NO_COLOR");
  style_.color = terminal_ && !global.no_color && !(no_color && *no_color);
}

void Session::print(const std::string& text) const {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void Session::print_error(const std::string& text) const {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

bool Session::report(const Diagnostics& diags) const {
  if (json_) {
    for (const auto& d : diags) json_->diagnostic(d);
    return has_errors(diags);
  }
  for (const auto& d : diags) print_error("\n" + ui::render_diagnostic(d, style_));
  return has_errors(diags);
}

int Session::fail(const std::string& summary, const std::string& detail) const {
  report({Diagnostic::error(summary, detail)});
  return kExitError;
}

bool Session::load_config(const VarOptions& vars) {
  config::LoadResult loaded;
  if (!vars.template_input.file.empty()) {
    Diagnostics diags;
    std::vector<std::string> files;
    auto module = template_module(vars.template_input, files, diags);
    if (report(diags) || !module) return false;
    loaded = config::load_generated_module(*module, files);
    template_state_ = std::filesystem::path(vars.template_input.file).stem().string() + ".state.db";
  } else {
    if (!vars.template_input.parameters.empty() || !vars.template_input.resource_group.empty())
      return !report({Diagnostic::error("-parameters and -resource-group go with -template",
                                        "Name the ARM template to deploy: -template FILE.")});
    loaded = config::load_module(".");
  }
  if (report(loaded.diags) || !loaded.root) return false;
  root_ = std::move(loaded.root);
  config::VariableInputs inputs;
  inputs.var_files = vars.var_files;
  for (const auto& v : vars.vars) {
    auto eq = v.find('=');
    if (eq == std::string::npos) {
      report({Diagnostic::error("Invalid -var option \"" + v + "\"",
                                "Give a variable as -var name=value, for example -var region=eastus.")});
      return false;
    }
    inputs.vars.emplace_back(v.substr(0, eq), v.substr(eq + 1));
  }
  variables_ = config::resolve_variables(*root_, inputs);
  return !report(variables_.diags);
}

void Session::use_saved_variables(const std::map<std::string, json>& values) {
  for (const auto& [name, value] : values) variables_.values[name] = value;
}

std::string Session::config_hash() const {
  std::string all;
  std::function<void(const config::Module&)> add = [&](const config::Module& m) {
    std::vector<std::string> files = m.files;
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      all += f + "\n" + sha256_hex(ss.str()) + "\n";
    }
    for (const auto& [name, child] : m.children) add(*child);
  };
  if (root_) add(*root_);
  return sha256_hex(all);
}

bool Session::open_state(const StateOptions& given, bool write, const std::string& operation) {
  StateOptions options = given;
  if (!template_state_.empty() && options.path == StateOptions{}.path) options.path = template_state_;
  auto lock = parse_bool(options.lock);
  auto timeout = parse_duration_ms(options.lock_timeout);
  if (!lock || !timeout) {
    report({Diagnostic::error("Invalid locking option",
                              "-lock takes true or false and -lock-timeout a duration such as 30s or 2m.")});
    return false;
  }
  Status st;
  auto key = state::load_state_key(options.key_file, st);
  if (!st) {
    report({Diagnostic::error("Invalid state key", st.message())});
    return false;
  }
  bool exists = std::filesystem::exists(options.path);
  if (!write && !exists) return true;  // an empty state; nothing is created by reading
  state::OpenOptions oo;
  oo.key = key;
  oo.create_if_missing = write;
  oo.read_only = !write && !*lock;
  store_ = state::Store::open(options.path, oo, st);
  if (!store_) {
    report({Diagnostic::error("Cannot open state", st.message())});
    return false;
  }
  if (*lock && !oo.read_only) {
    state::LockInfo holder;
    Status ls = store_->lock_with_timeout(operation, *timeout, &holder);
    if (!ls) {
      report({Diagnostic::error(ls.message(),
                                "Wait for it to finish, use -lock-timeout=DURATION to wait, or, if no forma is "
                                "running, remove the lock with `forma force-unlock " + holder.id + "`.")});
      store_.reset();
      return false;
    }
    if (auto dead = store_->replaced_lock())
      report({Diagnostic::warning("Took over the lock of " + dead->operation + " (pid " + std::to_string(dead->pid) +
                                      ", since " + dead->started + ")",
                                  "That process is no longer running (killed or crashed); this run repairs "
                                  "what it left unfinished.")});
    locked_ = true;
  }
  return true;
}

void Session::release_state() {
  if (store_ && locked_) (void)store_->unlock();
  locked_ = false;
  store_.reset();
}

plan::ProviderSet& Session::providers() {
  if (!providers_) {
    provider::PluginOptions po;
    if (const char* log = std::getenv("FORMA_LOG_PATH")) po.log_path = log;
    launcher_ = std::make_unique<plan::PluginLauncher>(exe_dir, std::filesystem::current_path().string(), po);
    providers_ = std::make_unique<plan::ProviderSet>(*launcher_);
  }
  return *providers_;
}

void Session::install_interrupt_handler() {
  g_cancel = &cancel_;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::optional<bool> parse_bool(const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

}  // namespace forma::cli
