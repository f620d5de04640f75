// Test doubles for the ARM client: a scripted transport, a clock that records
// sleeps instead of sleeping, and a token source that counts its fetches.
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "providers/azure/arm/client.h"

namespace forma::azure::testing {

// Answers requests from a script, in order; records what was sent.
class ScriptedTransport : public HttpTransport {
 public:
  struct Step {
    HttpResponse response;
    std::string connection_error;  // non-empty: no answer, this error instead
  };

  ScriptedTransport& answer(int status, const std::string& body = "",
                            std::map<std::string, std::string> headers = {}) {
    steps.push_back({HttpResponse{status, std::move(headers), body}, ""});
    return *this;
  }
  ScriptedTransport& drop(const std::string& error = "Connection reset by peer") {
    steps.push_back({HttpResponse{}, error});
    return *this;
  }

  Status send(const HttpRequest& request, HttpResponse& response) override {
    sent.push_back(request);
    if (steps.empty()) return Status::error("unscripted request " + request.method + " " + request.url);
    Step step = steps.front();
    steps.pop_front();
    if (!step.connection_error.empty()) return Status::error(step.connection_error);
    response = step.response;
    return Status::ok();
  }

  std::deque<Step> steps;
  std::vector<HttpRequest> sent;
};

// Time that moves only when slept; jitter fixed at 1 (the full backoff).
struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
  std::vector<std::chrono::milliseconds> sleeps;

  Clock clock() {
    Clock c;
    c.now = [this] { return now; };
    c.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
    c.jitter = [] { return 1.0; };
    return c;
  }
};

class CountingTokens : public TokenSource {
 public:
  Status token(AccessToken& out) override {
    out.value = "token-" + std::to_string(fetches);
    out.expires_at = std::chrono::system_clock::now() + std::chrono::hours(1);
    return Status::ok();
  }
  void invalidate() override {
    ++fetches;
    ++invalidations;
  }
  int fetches = 1;
  int invalidations = 0;
};

// Each test uses its own subscription so the process-wide rate limiter of one
// never slows another.
inline std::string fresh_subscription() {
  static int n = 0;
  return "00000000-0000-0000-0000-" + std::to_string(100000000000 + ++n);
}

inline ClientOptions test_options() {
  ClientOptions o;
  o.endpoint = "https://arm.test";
  o.subscription_id = fresh_subscription();
  o.max_requests_per_second = 0;  // unlimited unless a test is about the limit
  return o;
}

}  // namespace forma::azure::testing
