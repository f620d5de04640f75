#include "providers/azure/arm/rate_limiter.h"

#include <catch2/catch.hpp>

#include "tests/providers/azure/arm/fakes.h"

using namespace forma::azure;
using namespace forma::azure::testing;
using std::chrono::milliseconds;

TEST_CASE("the rate limiter lets a burst through and then spaces requests at the rate") {
  RateLimiter limiter(4, 4);
  auto t = std::chrono::steady_clock::time_point(std::chrono::hours(1));
  for (int i = 0; i < 4; ++i) CHECK(limiter.reserve(t) == milliseconds(0));
  CHECK(limiter.reserve(t) == milliseconds(250));
  CHECK(limiter.reserve(t) == milliseconds(500));  // reserved behind the previous waiter
  CHECK(limiter.reserve(t + milliseconds(2000)) == milliseconds(0));
}

TEST_CASE("a rate below one request per second still allows one request at a time") {
  RateLimiter limiter(0.5, 1);
  auto t = std::chrono::steady_clock::time_point(std::chrono::hours(1));
  CHECK(limiter.reserve(t) == milliseconds(0));
  CHECK(limiter.reserve(t) == milliseconds(2000));
}

TEST_CASE("clients of one subscription share one rate limit and wait on the clock") {
  auto transport = std::make_shared<ScriptedTransport>();
  for (int i = 0; i < 6; ++i) transport->answer(200, "{}");
  FakeClock fake;
  ClientOptions options = test_options();
  options.max_requests_per_second = 2;
  auto tokens = std::make_shared<CountingTokens>();
  ArmClient a(options, tokens, transport, fake.clock());
  ArmClient b(options, tokens, transport, fake.clock());
  for (int i = 0; i < 3; ++i) {
    REQUIRE(a.get("/subscriptions/x", "v").ok());
    REQUIRE(b.get("/subscriptions/x", "v").ok());
  }
  // Burst of 2, then one request every 500 ms.
  std::vector<milliseconds> expected(4, milliseconds(500));
  CHECK(fake.sleeps == expected);
}

TEST_CASE("clients of different subscriptions do not slow each other") {
  auto transport = std::make_shared<ScriptedTransport>();
  for (int i = 0; i < 4; ++i) transport->answer(200, "{}");
  FakeClock fake;
  ClientOptions options = test_options();
  options.max_requests_per_second = 1;
  ClientOptions other = options;
  other.subscription_id = fresh_subscription();
  auto tokens = std::make_shared<CountingTokens>();
  ArmClient a(options, tokens, transport, fake.clock());
  ArmClient b(other, tokens, transport, fake.clock());
  REQUIRE(a.get("/x", "v").ok());
  REQUIRE(b.get("/x", "v").ok());
  CHECK(fake.sleeps.empty());
  REQUIRE(a.get("/x", "v").ok());
  CHECK(fake.sleeps.size() == 1);
}
