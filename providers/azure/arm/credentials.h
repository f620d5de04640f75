// Where bearer tokens come from: a service principal's client secret (OAuth2
// client credentials against the authority), the `az` CLI's login, or, only
// when asked with use_msi, the instance metadata service.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "engine/base/status.h"
#include "providers/azure/arm/http.h"

namespace forma::azure {

struct Credentials {
  std::string endpoint;   // resource manager URL (the token's audience)
  std::string authority;  // login endpoint; empty: discovered from {endpoint}/metadata/endpoints
  std::string tenant_id;
  std::string client_id;
  std::string client_secret;  // sensitive
  bool use_msi = false;
};

struct AccessToken {
  std::string value;  // sensitive
  std::chrono::system_clock::time_point expires_at;
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // A token valid for at least another minute; cached and refreshed as needed.
  virtual Status token(AccessToken& out) = 0;
  // Drops the cached token (after a 401).
  virtual void invalidate() = 0;
};

// Client secret when one is set, else managed identity when use_msi, else the
// az CLI when `az` is on PATH; an error Status names what is missing. Empty
// fields fall back to ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET and
// ARM_USE_MSI=true.
Status make_token_source(const Credentials& credentials, std::shared_ptr<HttpTransport> transport,
                         std::shared_ptr<TokenSource>& out);

}  // namespace forma::azure
