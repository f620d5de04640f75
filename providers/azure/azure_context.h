// What every azure_* resource shares once the provider is configured: one ARM
// client (so the rate limit and token cache are shared), the subscription and
// the default location.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"
#include "providers/azure/arm/client.h"

namespace forma::azure {

// The provider block's values after the ARM_* environment fallbacks.
struct AzureSettings {
  std::string subscription_id;
  std::string tenant_id;
  std::string client_id;
  std::string client_secret;  // sensitive
  std::string endpoint = "https://management.azure.com";
  std::string authority;
  std::string ca_file;
  std::string location;
  bool use_msi = false;
  double max_requests_per_second = 20;
  int request_timeout_s = 0;  // 0: the transport's default
  int max_retries = -1;       // -1: the client's default
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

// Settings from a validated provider config, each falling back to its ARM_*
// variable; diagnostics name what is missing and where to set it.
Diagnostics resolve_settings(const json& config, const EnvLookup& env, AzureSettings& out);

class AzureContext {
 public:
  // `env` answers the ARM_* fallbacks, HOME and the login name.
  explicit AzureContext(EnvLookup env = process_env()) : env_(std::move(env)) {}

  const EnvLookup& env() const { return env_; }
  // Builds the shared client from `settings` (curl transport, token source).
  Diagnostics configure(const AzureSettings& settings);
  // Installs a ready client, for tests.
  void use_client(std::shared_ptr<ArmClient> client, std::string subscription_id, std::string location);

  // Null until configured.
  std::shared_ptr<ArmClient> client() const;
  std::string subscription_id() const;
  std::string default_location() const;
  // The client; configured from the environment alone when `configure` never
  // came, with diagnostics saying what is missing when that fails.
  std::shared_ptr<ArmClient> require_client(Diagnostics& diags);

 private:
  const EnvLookup env_;
  std::mutex configure_mu_;
  mutable std::mutex mu_;
  std::shared_ptr<ArmClient> client_;
  std::string subscription_id_;
  std::string location_;
};

}  // namespace forma::azure
