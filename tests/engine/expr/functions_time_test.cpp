#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;

TEST_CASE("timestamp is the current UTC time in RFC 3339") {
  std::string now = value_of("timestamp", {});
  CHECK(has_shape(now, "9999-99-99T99:99:99Z"));
  CHECK(now > "2024-01-01");
}

TEST_CASE("timeadd adds Go-style durations and keeps the offset") {
  CHECK(value_of("timeadd", {"2017-11-22T00:00:00Z", "10m"}) == "2017-11-22T00:10:00Z");
  CHECK(value_of("timeadd", {"2017-11-22T00:00:00Z", "-1h30m"}) == "2017-11-21T22:30:00Z");
  CHECK(value_of("timeadd", {"2017-11-22T00:00:00+05:30", "1.5h"}) == "2017-11-22T01:30:00+05:30");
  CHECK(value_of("timeadd", {"2017-12-31T23:59:59.5Z", "500ms"}) == "2018-01-01T00:00:00Z");
  CHECK(value_of("timeadd", {"2020-02-28T12:00:00Z", "24h"}) == "2020-02-29T12:00:00Z");
  CHECK(error_of("timeadd", {"2017-11-22", "1h"}) == "not a valid RFC 3339 timestamp: 2017-11-22");
  CHECK(error_of("timeadd", {"2017-11-22T00:00:00Z", "1 day"}).rfind("invalid duration 1 day", 0) == 0);
}

TEST_CASE("formatdate renders Terraform's date format verbs") {
  const char* t = "2018-01-02T23:12:01Z";
  CHECK(value_of("formatdate", {"DD MMM YYYY hh:mm ZZZ", t}) == "02 Jan 2018 23:12 UTC");
  CHECK(value_of("formatdate", {"EEEE, DD-MMM-YY hh:mm:ss ZZZ", t}) == "Tuesday, 02-Jan-18 23:12:01 UTC");
  CHECK(value_of("formatdate", {"EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00"}) ==
        "Tue, 02 Jan 2018 23:12:01 -0800");
  CHECK(value_of("formatdate", {"MMM D, YYYY", t}) == "Jan 2, 2018");
  CHECK(value_of("formatdate", {"H:mmaa", t}) == "11:12pm");
  CHECK(value_of("formatdate", {"'Date:' YYYY-MM-DD 'o''clock'''", t}) == "Date: 2018-01-02 o'clock'");
  CHECK(error_of("formatdate", {"YYYY-QQ", t}) == "invalid date format verb \"QQ\"; quote literal letters with '");
  CHECK(error_of("formatdate", {"'open", t}) == "unterminated literal in the format string");
}
