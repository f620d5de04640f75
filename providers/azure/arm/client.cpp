// ArmClient's single calls: pacing, auth, retries. POST is retried like the
// idempotent verbs: ARM's POST actions (listKeys, listRemoteLoginInformation,
// resize) are safe to repeat, and a dropped answer is far likelier than a
// repeated side effect doing harm.
#include "providers/azure/arm/client.h"

#include <random>
#include <thread>

#include "engine/base/text.h"
#include "providers/azure/arm/arm_response.h"
#include "providers/azure/arm/rate_limiter.h"
#include "providers/azure/arm/retry_policy.h"

namespace forma::azure {
namespace {

double random_fraction() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string attempts_note(int attempts) {
  return attempts > 1 ? " (gave up after " + std::to_string(attempts) + " attempts)" : "";
}

}  // namespace

ArmClient::ArmClient(ClientOptions options, std::shared_ptr<TokenSource> tokens,
                     std::shared_ptr<HttpTransport> transport, Clock clock)
    : options_(std::move(options)),
      tokens_(std::move(tokens)),
      transport_(std::move(transport)),
      clock_(std::move(clock)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
  if (!clock_.now) clock_.now = [] { return std::chrono::steady_clock::now(); };
  if (!clock_.sleep) clock_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!clock_.jitter) clock_.jitter = random_fraction;
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  limiter_ = RateLimiter::shared(options_.subscription_id, options_.max_requests_per_second);
}

std::string ArmClient::url_for(const std::string& path, const std::string& api_version) const {
  std::string url = options_.endpoint + path;
  if (!api_version.empty())
    url += (path.find('?') == std::string::npos ? "?" : "&") + ("api-version=" + api_version);
  return url;
}

std::chrono::milliseconds ArmClient::retry_delay(int retry, const HttpResponse* response) {
  std::optional<std::chrono::milliseconds> retry_after;
  if (response)
    retry_after = parse_retry_after(response->header("retry-after"), std::chrono::system_clock::now());
  return backoff_delay(retry, options_.base_backoff, options_.max_backoff, clock_.jitter(), retry_after);
}

ArmResult ArmClient::exchange(const std::string& method, const std::string& url, const json& body,
                              HttpResponse& response) {
  HttpRequest request{method, url, {}, body.is_null() ? std::string() : body.dump()};
  request.headers["User-Agent"] = "forma/0.1.0";
  request.headers["Accept"] = "application/json";
  if (!body.is_null()) request.headers["Content-Type"] = "application/json";
  bool token_refreshed = false;
  int attempt = 0;
  while (true) {
    if (auto wait = limiter_->reserve(clock_.now()); wait.count() > 0) clock_.sleep(wait);
    AccessToken token;
    if (Status s = tokens_->token(token); !s) return failure("AuthenticationFailed", s.message());
    request.headers["Authorization"] = "Bearer " + token.value;
    request.headers["x-ms-client-request-id"] = random_uuid();
    ++attempt;
    Status sent = transport_->send(request, response);
    ArmResult result;
    if (sent) {
      if (response.status == 401 && !token_refreshed) {  // an expired or revoked token: one fresh try
        token_refreshed = true;
        tokens_->invalidate();
        --attempt;
        continue;
      }
      result = to_arm_result(response);
      if (!is_retryable_status(response.status)) return result;
    } else {
      response = HttpResponse{};
      result = failure("ConnectionFailed", sent.message());
    }
    if (attempt >= options_.max_attempts) {
      result.error->message += attempts_note(attempt);
      return result;
    }
    clock_.sleep(retry_delay(attempt - 1, sent ? &response : nullptr));
  }
}

ArmResult ArmClient::request(const std::string& method, const std::string& path,
                             const std::string& api_version, const json& body) {
  HttpResponse response;
  return exchange(method, url_for(path, api_version), body, response);
}

ArmResult ArmClient::get(const std::string& id, const std::string& api_version) {
  ArmResult result = request("GET", id, api_version);
  if (result.not_found()) result.error.reset();
  return result;
}

ArmResult ArmClient::put(const std::string& id, const std::string& api_version, const json& body) {
  HttpResponse response;
  ArmResult first = exchange("PUT", url_for(id, api_version), body, response);
  return follow("PUT", id, api_version, std::move(first), response);
}

ArmResult ArmClient::patch(const std::string& id, const std::string& api_version, const json& body) {
  HttpResponse response;
  ArmResult first = exchange("PATCH", url_for(id, api_version), body, response);
  return follow("PATCH", id, api_version, std::move(first), response);
}

ArmResult ArmClient::post(const std::string& path, const std::string& api_version, const json& body) {
  HttpResponse response;
  ArmResult first = exchange("POST", url_for(path, api_version), body, response);
  return follow("POST", path, api_version, std::move(first), response);
}

ArmResult ArmClient::remove(const std::string& id, const std::string& api_version) {
  HttpResponse response;
  ArmResult first = exchange("DELETE", url_for(id, api_version), nullptr, response);
  return follow("DELETE", id, api_version, std::move(first), response);
}

}  // namespace forma::azure
