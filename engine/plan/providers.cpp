#include "engine/plan/providers.h"

namespace forma::plan {

std::unique_ptr<provider::Provider> PluginLauncher::launch(const std::string& name, std::string& error) {
  std::vector<std::string> searched;
  std::string exe = provider::find_plugin(name, exe_dir_, working_dir_, &searched);
  if (exe.empty()) {
    error = "No executable forma-provider-" + name + " was found (looked in ";
    for (size_t i = 0; i < searched.size(); ++i) error += (i ? ", " : "") + searched[i];
    error += "). Put the plugin next to forma, in .forma/plugins/ or in a directory on FORMA_PLUGIN_PATH; "
             "the first word of a resource type names its provider";
    return nullptr;
  }
  return provider::PluginProcess::start(name, exe, options_, error);
}

bool ProviderSet::start(const std::string& address, const std::string& name, Diagnostics& diags,
                        const SourceRange& where) {
  std::lock_guard lock(mu_);
  if (running_.count(address)) return true;
  std::string error;
  auto p = launcher_.launch(name, error);
  if (!p) {
    diags.push_back(Diagnostic::error("Provider \"" + name + "\" could not be started", error + ".", where));
    return false;
  }
  if (!schemas_.count(name)) {
    auto r = p->call("schema", json::object());
    if (!r.ok || !r.result.is_object()) {
      diags.push_back(Diagnostic::error("Provider \"" + name + "\" did not return its schema",
                                        r.ok ? "The schema answer is not a JSON object." : r.error, where));
      return false;
    }
    schemas_[name] = std::move(r.result);
  }
  running_[address] = std::move(p);
  return true;
}

provider::Provider* ProviderSet::get(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = running_.find(address);
  return it == running_.end() ? nullptr : it->second.get();
}

const json* ProviderSet::resource_schema(const std::string& provider_name, const std::string& type,
                                         bool data) const {
  std::lock_guard lock(mu_);
  auto it = schemas_.find(provider_name);
  if (it == schemas_.end()) return nullptr;
  const char* section = data ? "data_sources" : "resources";
  if (!it->second.contains(section) || !it->second[section].is_object()) return nullptr;
  auto t = it->second[section].find(type);
  return t == it->second[section].end() ? nullptr : &*t;
}

const json* ProviderSet::provider_schema(const std::string& provider_name) const {
  std::lock_guard lock(mu_);
  auto it = schemas_.find(provider_name);
  if (it == schemas_.end() || !it->second.contains("provider")) return nullptr;
  return &it->second["provider"];
}

std::vector<std::string> ProviderSet::types(const std::string& provider_name, bool data) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  auto it = schemas_.find(provider_name);
  if (it == schemas_.end()) return out;
  const char* section = data ? "data_sources" : "resources";
  if (it->second.contains(section) && it->second[section].is_object())
    for (const auto& [k, v] : it->second[section].items()) out.push_back(k);
  return out;
}

}  // namespace forma::plan
