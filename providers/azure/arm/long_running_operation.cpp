// Following ARM's long-running operations: a 201/202 answer with
// Azure-AsyncOperation (poll until its "status" ends) or Location (poll until
// it stops answering 202). PUT and PATCH end with a GET of the resource.
#include <algorithm>
#include <cctype>

#include "engine/base/text.h"
#include "providers/azure/arm/arm_response.h"
#include "providers/azure/arm/client.h"
#include "providers/azure/arm/retry_policy.h"

namespace forma::azure {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

ArmResult deleted(int http_status) {
  ArmResult done;
  done.http_status = http_status;
  return done;
}

// The error of an operation that ended Failed or Canceled.
ArmResult operation_failed(const ArmResult& poll, const std::string& status) {
  ArmResult result = poll;
  std::optional<ArmError> error;
  if (poll.body.is_object() && poll.body.contains("error")) error = parse_error_object(poll.body["error"], 0);
  if (!error) {
    error = ArmError{0, status == "failed" ? "OperationFailed" : "OperationCanceled",
                     "the operation ended with status " + poll.body.value("status", std::string()), ""};
  }
  error->http_status = poll.http_status;
  error->request_id = poll.error ? poll.error->request_id : "";
  result.error = error;
  return result;
}

}  // namespace

ArmResult ArmClient::poll(const std::string& method, const std::string& url, bool async_operation,
                          const HttpResponse& first_response) {
  auto start = clock_.now();
  HttpResponse last = first_response;
  while (true) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - start);
    if (elapsed >= options_.lro_timeout) {
      return failure("OperationTimedOut", method + " did not finish within " +
                                              format_duration(options_.lro_timeout.count() / 1000.0) +
                                              "; it may still be running in Azure");
    }
    auto wait = std::max(options_.min_poll_interval,
                         parse_retry_after(last.header("retry-after"), std::chrono::system_clock::now())
                             .value_or(std::chrono::milliseconds(0)));
    clock_.sleep(std::min(wait, options_.lro_timeout - elapsed));
    ArmResult result = exchange("GET", url, nullptr, last);
    if (method == "DELETE" && result.not_found()) return deleted(200);
    bool answered = result.http_status >= 200 && result.http_status < 300;
    if (async_operation && answered && result.body.is_object() && result.body.contains("status")) {
      std::string status = lower(result.body.value("status", std::string()));
      if (status == "succeeded") return ArmResult{result.http_status, result.body, std::nullopt};
      if (status == "failed" || status == "canceled" || status == "cancelled") {
        return operation_failed(result, status);
      }
      continue;  // InProgress, or a resource-provider-specific running state
    }
    if (!result.ok() || result.http_status != 202) return result;  // 202: still running
  }
}

ArmResult ArmClient::follow(const std::string& method, const std::string& id, const std::string& api_version,
                            ArmResult first, const HttpResponse& first_response) {
  if (method == "DELETE" && first.not_found()) return deleted(first.http_status);
  if (!first.ok()) return first;
  bool accepted = first.http_status == 201 || first.http_status == 202;
  std::string async_url = accepted ? first_response.header("azure-asyncoperation") : "";
  std::string location = accepted ? first_response.header("location") : "";
  bool long_running = !async_url.empty() || !location.empty();
  ArmResult outcome = first;
  if (!async_url.empty()) {
    outcome = poll(method, async_url, true, first_response);
    // A POST action's result is served at Location once the operation succeeded.
    if (outcome.ok() && method == "POST" && !location.empty()) {
      HttpResponse response;
      outcome = exchange("GET", location, nullptr, response);
    }
  } else if (!location.empty()) {
    outcome = poll(method, location, false, first_response);
  }
  if (!outcome.ok()) return outcome;
  if (method == "DELETE") return deleted(outcome.http_status);
  if ((method == "PUT" || method == "PATCH") && (long_running || first.body.is_null())) {
    return request("GET", id, api_version);  // after a create, 404 is an error, not "absent"
  }
  return outcome;
}

}  // namespace forma::azure
