// The TokenSource implementations behind make_token_source (private to this
// folder and its tests).
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "engine/base/value.h"
#include "providers/azure/arm/credentials.h"

namespace forma::azure {

using Sleep = std::function<void(std::chrono::milliseconds)>;

// Keeps the last token until a minute before it expires. Thread-safe: one
// fetch at a time, callers waiting for it share its result.
class CachingTokenSource : public TokenSource {
 public:
  Status token(AccessToken& out) final;
  void invalidate() final;

 protected:
  virtual Status fetch(AccessToken& out) = 0;

 private:
  std::mutex mutex_;
  std::optional<AccessToken> cached_;
};

// OAuth2 client credentials against {authority}/{tenant}/oauth2/v2.0/token.
// An empty authority is login.microsoftonline.com for public Azure, else
// discovered from {endpoint}/metadata/endpoints (Azure Stack, the emulator).
class ClientSecretTokenSource : public CachingTokenSource {
 public:
  ClientSecretTokenSource(Credentials credentials, std::shared_ptr<HttpTransport> transport,
                          Sleep sleep = {});

 protected:
  Status fetch(AccessToken& out) override;

 private:
  Status discover_authority();
  std::string describe_failure(const HttpResponse& response) const;

  Credentials credentials_;
  std::shared_ptr<HttpTransport> transport_;
  Sleep sleep_;
};

// `az account get-access-token`, run without a shell.
class CliTokenSource : public CachingTokenSource {
 public:
  CliTokenSource(std::string az_path, Credentials credentials)
      : az_path_(std::move(az_path)), credentials_(std::move(credentials)) {}

 protected:
  Status fetch(AccessToken& out) override;

 private:
  std::string az_path_;
  Credentials credentials_;
};

// The instance metadata service's managed-identity endpoint.
class ManagedIdentityTokenSource : public CachingTokenSource {
 public:
  ManagedIdentityTokenSource(Credentials credentials, std::shared_ptr<HttpTransport> transport)
      : credentials_(std::move(credentials)), transport_(std::move(transport)) {}

 protected:
  Status fetch(AccessToken& out) override;

 private:
  Credentials credentials_;
  std::shared_ptr<HttpTransport> transport_;
};

// Shared by the sources.
std::string form_encode(const std::string& value);  // application/x-www-form-urlencoded
// Sends with a few retries on dropped connections, 429 and 5xx.
Status send_with_retries(HttpTransport& transport, const HttpRequest& request, HttpResponse& response,
                         const Sleep& sleep);
// Reads {"access_token", "expires_in" | "expires_on"} (numbers or strings).
Status parse_token_response(const json& body, AccessToken& out);
// The endpoint with no trailing '/'.
std::string without_trailing_slash(std::string url);

}  // namespace forma::azure
