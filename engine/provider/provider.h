// The seam between the engine and providers. The engine talks to a Provider;
// PluginProcess is the real one (an executable speaking JSON-RPC over stdio),
// tests use fakes. Methods and messages: docs/provider-protocol.md.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"

namespace forma::provider {

inline constexpr int kProtocolVersion = 1;

struct CallResult {
  bool ok = false;
  json result;        // the JSON-RPC "result" when ok
  std::string error;  // when !ok: one sentence naming the plugin, e.g.
                      // "provider \"test\" exited unexpectedly (signal 9) during apply_resource"
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual const std::string& name() const = 0;
  // Thread-safe; many calls may be in flight at once.
  virtual CallResult call(const std::string& method, const json& params) = 0;
  // Optional protocol features the plugin declared in its handshake answer
  // ("capabilities": [...]); see docs/provider-protocol.md.
  virtual bool has_capability(const std::string& /*name*/) const { return false; }
};

struct PluginOptions {
  int call_timeout_ms = 600000;    // a call not answered within this is an error
  int start_timeout_ms = 10000;    // handshake must answer within this
  std::vector<std::string> env;    // extra NAME=VALUE for the plugin's environment
  std::string log_path;            // plugin stderr goes here (appended); "" = discard
  size_t max_line_bytes = 64u << 20;  // a longer line from the plugin is a protocol failure
};

// A running plugin. Starting it performs the handshake.
class PluginProcess : public Provider {
 public:
  static std::unique_ptr<PluginProcess> start(const std::string& name, const std::string& executable,
                                              const PluginOptions& options, std::string& error);
  ~PluginProcess() override;  // sends "stop", waits briefly, then kills
  const std::string& name() const override;
  CallResult call(const std::string& method, const json& params) override;
  bool has_capability(const std::string& name) const override;
  // call() with its own timeout instead of options.call_timeout_ms.
  CallResult call_within(const std::string& method, const json& params, int timeout_ms);
  // The plugin's handshake answer: {"protocol_version":1,"name":"test","version":"0.1.0"}.
  const json& handshake() const;

 private:
  struct Impl;
  explicit PluginProcess(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Finds forma-provider-<name>: next to the forma executable, in each directory
// of FORMA_PLUGIN_PATH (colon-separated), then in <working dir>/.forma/plugins/.
// Returns "" when not found; `searched` lists the places looked at.
std::string find_plugin(const std::string& name, const std::string& forma_exe_dir,
                        const std::string& working_dir, std::vector<std::string>* searched = nullptr);

// The names of every plugin in those places ("azure" for forma-provider-azure), sorted, once each.
std::vector<std::string> list_plugins(const std::string& forma_exe_dir, const std::string& working_dir);

// Protocol diagnostics ({"severity","summary","detail","attribute"}) to engine diagnostics.
Diagnostics diagnostics_from(const json& result, const std::string& where_prefix);

}  // namespace forma::provider
