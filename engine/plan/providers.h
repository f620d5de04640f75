// The providers of one run: one running plugin per provider configuration
// ("provider.test", "provider.azure.west"), their schemas, and the seam
// (ProviderLauncher) that tests replace with in-process fakes.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/base/diagnostic.h"
#include "engine/provider/provider.h"

namespace forma::plan {

class ProviderLauncher {
 public:
  virtual ~ProviderLauncher() = default;
  // Starts the provider called `name`; null and `error` set when it can't.
  virtual std::unique_ptr<provider::Provider> launch(const std::string& name, std::string& error) = 0;
};

// Finds forma-provider-<name> (engine/provider/provider.h) and starts it.
class PluginLauncher : public ProviderLauncher {
 public:
  PluginLauncher(std::string forma_exe_dir, std::string working_dir, provider::PluginOptions options)
      : exe_dir_(std::move(forma_exe_dir)), working_dir_(std::move(working_dir)), options_(std::move(options)) {}
  std::unique_ptr<provider::Provider> launch(const std::string& name, std::string& error) override;

 private:
  std::string exe_dir_, working_dir_;
  provider::PluginOptions options_;
};

class ProviderSet {
 public:
  explicit ProviderSet(ProviderLauncher& launcher) : launcher_(launcher) {}

  // Starts the provider for configuration `address` (once) and reads its schema.
  // Returns false and adds a diagnostic when that fails.
  bool start(const std::string& address, const std::string& name, Diagnostics& diags,
             const SourceRange& where = {});
  provider::Provider* get(const std::string& address) const;

  // The schema of a resource type (or data source) from whichever provider
  // serves it: {"version", "attributes"}; nullptr if no provider declares it.
  const json* resource_schema(const std::string& provider_name, const std::string& type, bool data) const;
  const json* provider_schema(const std::string& provider_name) const;
  // Resource types (or data sources) a provider declares, for suggestions.
  std::vector<std::string> types(const std::string& provider_name, bool data) const;

 private:
  ProviderLauncher& launcher_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<provider::Provider>> running_;  // by address
  std::map<std::string, json> schemas_;                                 // by provider name
};

}  // namespace forma::plan
