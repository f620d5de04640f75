#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using forma::unknown_value;
using namespace forma::expr::testing;

TEST_CASE("tostring tonumber and tobool convert between primitives") {
  CHECK(value_of("tostring", {5}) == "5");
  CHECK(value_of("tostring", {true}) == "true");
  CHECK(value_of("tonumber", {"5"}) == 5);
  CHECK(value_of("tobool", {"true"}) == true);
  CHECK(value_of("tostring", {nullptr}) == nullptr);
  CHECK_FALSE(error_of("tonumber", {"no"}).empty());
  CHECK_FALSE(error_of("tobool", {"yes"}).empty());
  CHECK_FALSE(error_of("tostring", {json::array()}).empty());
}

TEST_CASE("tolist toset and tomap convert collections") {
  CHECK(value_of("tolist", {json::array({"a", "b"})}) == json::array({"a", "b"}));
  CHECK(value_of("toset", {json::array({"a", "b", "a"})}).size() == 2);
  CHECK(value_of("tomap", {json({{"a", 1}})}) == json({{"a", 1}}));
  CHECK_FALSE(error_of("tomap", {"x"}).empty());
}

TEST_CASE("conversions of unknown values are unknown") {
  CHECK(forma::is_unknown(value_of("tostring", {unknown_value()})));
  CHECK(forma::is_unknown(value_of("tolist", {unknown_value()})));
}
