#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;

TEST_CASE("abs ceil floor and signum work on numbers and numeric strings") {
  CHECK(value_of("abs", {-3.5}) == 3.5);
  CHECK(value_of("ceil", {1.2}) == 2);
  CHECK(value_of("floor", {"-1.2"}) == -2);
  CHECK(value_of("signum", {-7}) == -1);
  CHECK(value_of("signum", {0}) == 0);
  CHECK(error_of("abs", {"x"}) == "invalid value for \"num\" parameter: number required");
}

TEST_CASE("whole results are integers, so they print without a decimal point") {
  CHECK(value_of("ceil", {1.2}).is_number_integer());
  CHECK(value_of("pow", {2, 10}).dump() == "1024");
}

TEST_CASE("max and min take any number of numbers") {
  CHECK(value_of("max", {12, 54, 3}) == 54);
  CHECK(value_of("min", {12, 54, 3}) == 3);
  CHECK(error_of("max", {1, json::array()}) == "argument 2 must be a number, not list");
  CHECK_FALSE(error_of("max", {}).empty());
}

TEST_CASE("log and pow reject results that are not finite numbers") {
  CHECK(value_of("log", {16, 2}) == 4);
  CHECK_FALSE(error_of("log", {0, 2}).empty());
  CHECK_FALSE(error_of("pow", {10, 400}).empty());
}

TEST_CASE("parseint reads bases from 2 to 62") {
  CHECK(value_of("parseint", {"100", 10}) == 100);
  CHECK(value_of("parseint", {"FF", 16}) == 255);
  CHECK(value_of("parseint", {"-1011", 2}) == -11);
  CHECK(value_of("parseint", {"zA", 62}) == 35 * 62 + 36);
  CHECK(error_of("parseint", {"12", 2}) == "cannot parse \"12\" as a base 2 integer");
  CHECK_FALSE(error_of("parseint", {"1", 63}).empty());
}

TEST_CASE("range counts up or down with an optional step") {
  CHECK(value_of("range", {3}) == json({0, 1, 2}));
  CHECK(value_of("range", {1, 4}) == json({1, 2, 3}));
  CHECK(value_of("range", {4, 1}) == json({4, 3, 2}));
  CHECK(value_of("range", {0, 1, 0.25}) == json({0, 0.25, 0.5, 0.75}));
  CHECK(value_of("range", {10, 5, -2}) == json({10, 8, 6}));
  CHECK(value_of("range", {0}) == json::array());
  CHECK(error_of("range", {1, 2, 0}) == "step must not be zero");
  CHECK_FALSE(error_of("range", {5, 1, 1}).empty());
}

TEST_CASE("range refuses to build a huge list") {
  CHECK(error_of("range", {0, 1e12}) == "range would produce more than 1048576 elements");
  CHECK(value_of("range", {1048576}).size() == 1048576);
}

TEST_CASE("sum adds a list of numbers") {
  CHECK(value_of("sum", {json({1, 2, 3.5})}) == 6.5);
  CHECK(error_of("sum", {json::array()}) == "cannot sum an empty list");
  CHECK_FALSE(error_of("sum", {json({1, "a"})}).empty());
}
