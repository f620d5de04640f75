#include "providers/azure/azure_context.h"

#include <cstdlib>
#include <fstream>

#include "engine/base/text.h"

namespace forma::azure {
namespace {

// The configured string, else the environment variable, else `fallback`.
std::string setting(const json& config, const char* key, const EnvLookup& env, const char* variable,
                    const std::string& fallback = {}) {
  json v = config.value(key, json());
  if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
  if (variable) {
    if (auto from_env = env(variable); from_env && !from_env->empty()) return *from_env;
  }
  return fallback;
}

std::string strip_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

Diagnostics resolve_settings(const json& config, const EnvLookup& env, AzureSettings& out) {
  Diagnostics diags;
  out.subscription_id = setting(config, "subscription_id", env, "ARM_SUBSCRIPTION_ID");
  out.tenant_id = setting(config, "tenant_id", env, "ARM_TENANT_ID");
  out.client_id = setting(config, "client_id", env, "ARM_CLIENT_ID");
  out.client_secret = setting(config, "client_secret", env, "ARM_CLIENT_SECRET");
  out.endpoint = strip_trailing_slash(setting(config, "endpoint", env, "ARM_ENDPOINT", "https://management.azure.com"));
  out.authority = setting(config, "authority", env, "ARM_AUTHORITY");
  out.ca_file = setting(config, "ca_file", env, "ARM_CA_FILE");
  out.location = setting(config, "location", env, nullptr);
  if (config.value("use_msi", json()).is_boolean()) out.use_msi = config["use_msi"].get<bool>();
  if (config.value("max_requests_per_second", json()).is_number())
    out.max_requests_per_second = config["max_requests_per_second"].get<double>();
  if (config.value("request_timeout_s", json()).is_number())
    out.request_timeout_s = config["request_timeout_s"].get<int>();
  if (config.value("max_retries", json()).is_number()) out.max_retries = config["max_retries"].get<int>();

  if (out.subscription_id.empty())
    diags.push_back(Diagnostic::error(
        "The azure provider needs a subscription id",
        "Set subscription_id in the provider \"azure\" block or the ARM_SUBSCRIPTION_ID environment variable "
        "(`az account show --query id -o tsv` prints yours).",
        {}, "/subscription_id"));
  if (!out.client_secret.empty() && (out.client_id.empty() || out.tenant_id.empty()))
    diags.push_back(Diagnostic::error(
        "A client secret needs a client id and a tenant id",
        "Set client_id and tenant_id (or ARM_CLIENT_ID and ARM_TENANT_ID) for the service principal the secret "
        "belongs to.",
        {}, out.client_id.empty() ? "/client_id" : "/tenant_id"));
  if (out.max_requests_per_second <= 0)
    diags.push_back(Diagnostic::error("max_requests_per_second must be greater than 0", "", {},
                                      "/max_requests_per_second"));
  if (!out.ca_file.empty() && !std::ifstream(out.ca_file))
    diags.push_back(Diagnostic::error("Cannot read the CA file " + quote(out.ca_file),
                                      "ca_file (or ARM_CA_FILE) must name a readable PEM bundle.", {}, "/ca_file"));
  return diags;
}

Diagnostics AzureContext::configure(const AzureSettings& s) {
  TransportOptions transport_options;
  transport_options.ca_file = s.ca_file;
  if (s.request_timeout_s > 0) transport_options.timeout_ms = s.request_timeout_s * 1000;
  std::shared_ptr<HttpTransport> transport = make_curl_transport(transport_options);

  Credentials credentials{s.endpoint, s.authority, s.tenant_id, s.client_id, s.client_secret, s.use_msi};
  std::shared_ptr<TokenSource> tokens;
  if (Status st = make_token_source(credentials, transport, tokens); !st)
    return {Diagnostic::error("The azure provider cannot authenticate", st.message() +
                                  " Set client_id, client_secret and tenant_id (or ARM_CLIENT_ID, "
                                  "ARM_CLIENT_SECRET, ARM_TENANT_ID), log in with `az login`, or set use_msi.")};

  ClientOptions options;
  options.endpoint = s.endpoint;
  options.subscription_id = s.subscription_id;
  options.max_requests_per_second = s.max_requests_per_second;
  if (s.max_retries >= 0) options.max_attempts = s.max_retries + 1;
  use_client(std::make_shared<ArmClient>(options, tokens, transport), s.subscription_id, s.location);
  return {};
}

void AzureContext::use_client(std::shared_ptr<ArmClient> client, std::string subscription_id, std::string location) {
  std::lock_guard lock(mu_);
  client_ = std::move(client);
  subscription_id_ = std::move(subscription_id);
  location_ = std::move(location);
}

std::shared_ptr<ArmClient> AzureContext::client() const {
  std::lock_guard lock(mu_);
  return client_;
}

std::string AzureContext::subscription_id() const {
  std::lock_guard lock(mu_);
  return subscription_id_;
}

std::string AzureContext::default_location() const {
  std::lock_guard lock(mu_);
  return location_;
}

std::shared_ptr<ArmClient> AzureContext::require_client(Diagnostics& diags) {
  if (auto c = client()) return c;
  // A call before `configure` (forma import does this) uses the ARM_* environment alone.
  std::lock_guard lock(configure_mu_);
  if (auto c = client()) return c;
  AzureSettings settings;
  Diagnostics found = resolve_settings(json::object(), env_, settings);
  if (!has_errors(found)) append(found, configure(settings));
  append(diags, found);
  return client();
}

}  // namespace forma::azure
