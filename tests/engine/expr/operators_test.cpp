#include <catch2/catch.hpp>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

TEST_CASE("arithmetic keeps integers exact and falls back to fractions") {
  CHECK(value_of("${1 + 2}") == 3);
  CHECK(value_of("${5 - 7}") == -2);
  CHECK(value_of("${6 * 7}") == 42);
  CHECK(value_of("${8 / 2}") == 4);
  CHECK(value_of("${8 / 2}").is_number_integer());
  CHECK(value_of("${5 / 2}") == 2.5);
  CHECK(value_of("${7 % 3}") == 1);
  CHECK(value_of("${5.5 % 2}") == 1.5);
  CHECK(value_of("${1.5 + 1.5}").is_number_integer());
  CHECK(value_of("${-3}") == -3);
  CHECK(value_of("${-(1 + 2)}") == -3);
  CHECK(value_of("${9223372036854775807 + 1}") == 9223372036854775808.0);
}

TEST_CASE("numeric strings convert in arithmetic and other strings do not") {
  MapScope scope;
  scope.set("var.s", "5").set("var.t", "five");
  CHECK(value_of("${var.s + 1}", scope) == 6);
  CHECK(value_of("${var.s * \"2\"}", scope) == 10);
  CHECK_THAT(error_of("${var.t + 1}", scope), Catch::Contains("a number is required"));
  CHECK_THAT(error_of("${true + 1}"), Catch::Contains("left operand"));
  CHECK_THAT(error_of("${1 + null}"), Catch::Contains("right operand"));
}

TEST_CASE("division by zero is an error") {
  CHECK_THAT(error_of("${1 / 0}"), Catch::Contains("Division by zero"));
  CHECK_THAT(error_of("${1 % 0}"), Catch::Contains("Division by zero"));
}

TEST_CASE("comparisons work on numbers") {
  CHECK(value_of("${1 < 2}") == true);
  CHECK(value_of("${2 <= 2}") == true);
  CHECK(value_of("${3 > 4}") == false);
  CHECK(value_of("${4 >= 5}") == false);
  CHECK(value_of("${\"10\" > 9}") == true);
  CHECK_THAT(error_of("${\"a\" < 1}"), Catch::Contains("a number is required"));
}

TEST_CASE("equality is deep and does not convert between types") {
  CHECK(value_of("${1 == 1}") == true);
  CHECK(value_of("${1 == 1.0}") == true);
  CHECK(value_of("${1 == \"1\"}") == false);
  CHECK(value_of("${\"a\" != \"b\"}") == true);
  CHECK(value_of("${[1, {a = 2}] == [1, {a = 2}]}") == true);
  CHECK(value_of("${[1, {a = 2}] == [1, {a = 3}]}") == false);
  CHECK(value_of("${null == null}") == true);
}

TEST_CASE("logic operators take bools only") {
  CHECK(value_of("${true && false}") == false);
  CHECK(value_of("${true || false}") == true);
  CHECK(value_of("${!true}") == false);
  CHECK(value_of("${!!true}") == true);
  CHECK_THAT(error_of("${1 && true}"), Catch::Contains("a bool is required"));
  CHECK_THAT(error_of("${!1}"), Catch::Contains("a bool is required"));
}

TEST_CASE("a deciding left operand skips the right one") {
  MapScope scope;
  scope.set("var.x", nullptr);
  CHECK(value_of("${var.x != null && var.x.y > 0}", scope) == false);
  CHECK(value_of("${var.x == null || var.x.y > 0}", scope) == true);
}

TEST_CASE("operators follow Terraform's precedence") {
  CHECK(value_of("${1 + 2 * 3}") == 7);
  CHECK(value_of("${(1 + 2) * 3}") == 9);
  CHECK(value_of("${10 - 4 - 3}") == 3);
  CHECK(value_of("${12 / 2 / 3}") == 2);
  CHECK(value_of("${1 + 1 == 2}") == true);
  CHECK(value_of("${1 < 2 == true}") == true);
  CHECK(value_of("${false && false || true}") == true);
  CHECK(value_of("${true || false && false}") == true);
  CHECK(value_of("${!false && false}") == false);
  CHECK(value_of("${-2 * -3}") == 6);
  CHECK(value_of("${1 + 2 > 2 ? \"big\" : \"small\"}") == "big");
  CHECK(value_of("${true ? 1 : false ? 2 : 3}") == 1);
  CHECK(value_of("${false ? 1 : false ? 2 : 3}") == 3);
}

TEST_CASE("a conditional evaluates only the chosen result") {
  MapScope scope;
  scope.set("var.l", json::array());
  CHECK(value_of("${length(var.l) > 0 ? var.l[0] : \"none\"}", scope) == "none");
  CHECK_THAT(error_of("${null ? 1 : 2}"), Catch::Contains("The condition value is null"));
  CHECK_THAT(error_of("${\"yes\" ? 1 : 2}"), Catch::Contains("must be a bool"));
  CHECK(value_of("${\"true\" ? 1 : 2}") == 1);
}
