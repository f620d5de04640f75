// The Azure Resource Manager client every azure_* resource goes through:
// bearer tokens, retries with exponential backoff and jitter that honour
// Retry-After (429, 5xx, dropped connections), a per-subscription token-bucket
// rate limit shared by all calls, long-running-operation polling
// (Azure-AsyncOperation / Location), x-ms-client-request-id on every call and
// FORMA_LOG=debug request logs with secrets redacted.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/base/value.h"
#include "providers/azure/arm/credentials.h"
#include "providers/azure/arm/http.h"

namespace forma::azure {

// What ARM said went wrong ({"error":{"code","message"}}), or a transport
// failure (http_status 0) after the retries ran out.
struct ArmError {
  int http_status = 0;
  std::string code;        // "ResourceNotFound", "QuotaExceeded", "ConnectionFailed" …
  std::string message;     // with "(Code: message; …)" of the error's details appended, when ARM sent any
  std::string request_id;  // x-ms-request-id, for support
  std::string to_string() const;  // "QuotaExceeded: Operation results in exceeding quota … (HTTP 409)"
};

struct ArmResult {
  int http_status = 0;
  json body = nullptr;  // parsed JSON body (null when empty)
  std::optional<ArmError> error;
  bool ok() const { return !error; }
  bool not_found() const { return http_status == 404; }
};

struct ClientOptions {
  std::string endpoint;         // resource manager base URL, no trailing slash
  std::string subscription_id;  // the rate limit's key
  double max_requests_per_second = 20;
  int max_attempts = 8;  // per request, the first included
  std::chrono::milliseconds base_backoff{500};
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::milliseconds lro_timeout{std::chrono::minutes(60)};
  std::chrono::milliseconds min_poll_interval{200};
};

// Seam for time so tests of backoff and polling run instantly.
struct Clock {
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
  std::function<void(std::chrono::milliseconds)> sleep = nullptr;  // default: std::this_thread::sleep_for
  std::function<double()> jitter = nullptr;  // uniform in [0, 1], scales each backoff; default: random
};

class RateLimiter;

class ArmClient {
 public:
  ArmClient(ClientOptions options, std::shared_ptr<TokenSource> tokens,
            std::shared_ptr<HttpTransport> transport, Clock clock = {});

  // `path` is an ARM path ("/subscriptions/…"); api-version is appended.
  // Retries transient failures; never follows a long-running operation.
  ArmResult request(const std::string& method, const std::string& path, const std::string& api_version,
                    const json& body = nullptr);

  // GET; a 404 comes back as not_found() with no error set.
  ArmResult get(const std::string& id, const std::string& api_version);
  // PUT, then, when ARM answers 201/202 with Azure-AsyncOperation or Location,
  // polls until the operation ends and GETs the resource. A failed operation
  // is an error carrying the operation's error code and message.
  ArmResult put(const std::string& id, const std::string& api_version, const json& body);
  // PATCH, following a long-running operation the same way as put().
  ArmResult patch(const std::string& id, const std::string& api_version, const json& body);
  // POST to an action (".../listKeys"), following a long-running operation.
  ArmResult post(const std::string& path, const std::string& api_version, const json& body = nullptr);
  // DELETE and wait until the resource is gone; 404 (already gone) is success.
  ArmResult remove(const std::string& id, const std::string& api_version);

  const ClientOptions& options() const { return options_; }

 private:
  ArmResult follow(const std::string& method, const std::string& id, const std::string& api_version,
                   ArmResult first, const HttpResponse& first_response);
  // One call to an absolute URL with pacing, auth and retries; `response` is the last answer.
  ArmResult exchange(const std::string& method, const std::string& url, const json& body,
                     HttpResponse& response);
  // Polls an Azure-AsyncOperation (`async_operation`) or Location URL until the operation ends.
  ArmResult poll(const std::string& method, const std::string& url, bool async_operation,
                 const HttpResponse& first_response);
  std::chrono::milliseconds retry_delay(int retry, const HttpResponse* response);
  std::string url_for(const std::string& path, const std::string& api_version) const;

  ClientOptions options_;
  std::shared_ptr<TokenSource> tokens_;
  std::shared_ptr<HttpTransport> transport_;
  Clock clock_;
  std::shared_ptr<RateLimiter> limiter_;
};

}  // namespace forma::azure
