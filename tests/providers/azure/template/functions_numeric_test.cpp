#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("integer arithmetic, conversions, min and max") {
  CHECK(value_of("[add(5, 3)]") == 8);
  CHECK(value_of("[sub(5, 7)]") == -2);
  CHECK(value_of("[mul(4, -3)]") == -12);
  CHECK(value_of("[div(7, 2)]") == 3);
  CHECK(value_of("[mod(7, 3)]") == 1);
  CHECK(value_of("[int('42')]") == 42);
  CHECK(value_of("[int(4.7)]") == 4);
  CHECK(value_of("[float('1.5')]") == 1.5);
  CHECK(value_of("[max(1, 7, 3)]") == 7);
  CHECK(value_of("[min(createArray(4, -2, 9))]") == -2);
  CHECK_THAT(error_of("[div(1, 0)]"), Catch::Contains("'div' cannot divide by zero"));
  CHECK_THAT(error_of("[add('1', 2)]"),
             Catch::Contains("'add' expects argument 1 to be a number, got a string"));
  CHECK_THAT(error_of("[int('x1')]"), Catch::Contains("'int' cannot convert \"x1\""));
  CHECK_THAT(error_of("[mul(9223372036854775807, 2)]"), Catch::Contains("overflows"));
}

TEST_CASE("logical functions and if evaluate only what decides the result") {
  CHECK(value_of("[and(true(), not(false()))]") == true);
  CHECK(value_of("[or(false(), false())]") == false);
  CHECK(value_of("[bool('TRUE')]") == true);
  CHECK(value_of("[bool(0)]") == false);
  CHECK(value_of("[if(equals(1, 1), 'yes', nosuch())]") == "yes");
  CHECK(value_of("[if(false(), div(1, 0), 'safe')]") == "safe");
  CHECK(value_of("[and(false(), div(1, 0))]") == false);
  CHECK_THAT(error_of("[if('x', 1, 2)]"), Catch::Contains("'if' expects argument 1 to be a boolean"));
  CHECK_THAT(error_of("[not(1)]"), Catch::Contains("'not' expects argument 1 to be a boolean"));
  CHECK_THAT(error_of("[bool('maybe')]"), Catch::Contains("cannot convert \"maybe\""));
}

TEST_CASE("comparisons and coalesce") {
  CHECK(value_of("[equals(createArray(1,'a'), createArray(1,'a'))]") == true);
  CHECK(value_of("[equals('a', 'A')]") == false);
  CHECK(value_of("[less(1, 2)]") == true);
  CHECK(value_of("[lessOrEquals('b', 'b')]") == true);
  CHECK(value_of("[greater('b', 'a')]") == true);
  CHECK(value_of("[greaterOrEquals(1, 2)]") == false);
  CHECK(value_of("[coalesce(null(), null(), 'third', 'fourth')]") == "third");
  CHECK(value_of("[coalesce(null())]") == nullptr);
  CHECK_THAT(error_of("[less(1, 'a')]"), Catch::Contains("'less' compares two numbers or two strings"));
}

TEST_CASE("copyIndex outside a loop is an error naming the function") {
  CHECK_THAT(error_of("[copyIndex()]"), Catch::Contains("'copyIndex' can only be used inside a copy loop"));
}
