#include "providers/azure/arm/retry_policy.h"

#include <catch2/catch.hpp>

using namespace forma::azure;
using std::chrono::milliseconds;

TEST_CASE("Retry-After is read as seconds or as an HTTP date") {
  auto now = std::chrono::system_clock::from_time_t(1445412470);  // 2015-10-21 07:27:50 GMT
  CHECK(parse_retry_after("30", now) == milliseconds(30000));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == milliseconds(10000));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now) == milliseconds(0));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("-5", now));
}

TEST_CASE("only timeouts, throttling and server errors are retried") {
  for (int status : {408, 429, 500, 502, 503, 504}) CHECK(is_retryable_status(status));
  for (int status : {200, 400, 401, 403, 404, 409, 501}) CHECK_FALSE(is_retryable_status(status));
}

TEST_CASE("backoff is a jittered fraction of the capped exponential") {
  CHECK(backoff_delay(0, milliseconds(500), milliseconds(30000), 1.0, std::nullopt) == milliseconds(500));
  CHECK(backoff_delay(3, milliseconds(500), milliseconds(30000), 1.0, std::nullopt) == milliseconds(4000));
  CHECK(backoff_delay(3, milliseconds(500), milliseconds(30000), 0.5, std::nullopt) == milliseconds(2000));
  CHECK(backoff_delay(60, milliseconds(500), milliseconds(30000), 1.0, std::nullopt) == milliseconds(30000));
  CHECK(backoff_delay(1, milliseconds(500), milliseconds(30000), 0.0, milliseconds(3000)) ==
        milliseconds(3000));
}
