#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("array construction, concat, contains and empty") {
  CHECK(value_of("[array('a')]") == json({"a"}));
  CHECK(value_of("[concat(createArray(1,2), createArray(3))]") == json({1, 2, 3}));
  CHECK(value_of("[contains(createArray('a','b'), 'b')]") == true);
  CHECK(value_of("[contains(json('{\"Key\": 1}'), 'key')]") == true);
  CHECK(value_of("[empty(createArray())]") == true);
  CHECK(value_of("[empty(json('{}'))]") == true);
  CHECK(value_of("[empty('')]") == true);
  CHECK(value_of("[empty(null())]") == true);
  CHECK(value_of("[empty('x')]") == false);
  CHECK_THAT(error_of("[empty(1)]"), Catch::Contains("'empty' expects argument 1 to be a string, an array"));
  CHECK_THAT(error_of("[concat(createArray(1), 'x')]"),
             Catch::Contains("'concat' expects argument 2 to be an array"));
}

TEST_CASE("first, last, length, skip and take work on strings and arrays") {
  CHECK(value_of("[first('abc')]") == "a");
  CHECK(value_of("[last(createArray(1,2,3))]") == 3);
  CHECK(value_of("[first(createArray())]") == nullptr);
  CHECK(value_of("[length('abc')]") == 3);
  CHECK(value_of("[length(json('{\"a\":1,\"b\":2}'))]") == 2);
  CHECK(value_of("[skip('abcdef', 4)]") == "ef");
  CHECK(value_of("[take(createArray(1,2,3), 2)]") == json({1, 2}));
  CHECK(value_of("[take(createArray(1,2,3), 10)]") == json({1, 2, 3}));
  CHECK(value_of("[skip(createArray(1,2,3), -1)]") == json({1, 2, 3}));
  CHECK_THAT(error_of("[length(5)]"),
             Catch::Contains("'length' expects argument 1 to be a string, an array"));
}

TEST_CASE("union merges objects deeply and arrays without duplicates; intersection keeps what all share") {
  CHECK(value_of("[union(json('{\"a\":{\"x\":1},\"b\":2}'), json('{\"a\":{\"y\":3}}'))]") ==
        json::parse(R"({"a":{"x":1,"y":3},"b":2})"));
  CHECK(value_of("[union(createArray(1,2), createArray(2,3))]") == json({1, 2, 3}));
  CHECK(value_of("[intersection(createArray(1,2,3), createArray(3,2,9))]") == json({2, 3}));
  CHECK(value_of("[intersection(json('{\"a\":1,\"b\":2}'), json('{\"a\":1,\"b\":3}'))]") == json({{"a", 1}}));
}

TEST_CASE("range, flatten, items, createObject, json and null") {
  CHECK(value_of("[range(5, 3)]") == json({5, 6, 7}));
  CHECK(value_of("[flatten(createArray(createArray(1), createArray(2,3)))]") == json({1, 2, 3}));
  CHECK(value_of("[items(createObject('b', 2, 'a', 1))]") ==
        json::parse(R"([{"key":"a","value":1},{"key":"b","value":2}])"));
  CHECK(value_of("[json('null')]") == nullptr);
  CHECK(value_of("[null()]") == nullptr);
  CHECK_THAT(error_of("[createObject('a')]"), Catch::Contains("'createObject' expects key/value pairs"));
  CHECK_THAT(error_of("[json('{bad')]"), Catch::Contains("'json' expects a JSON document"));
  CHECK_THAT(error_of("[range(0, 10001)]"), Catch::Contains("'range' expects a count from 0 to 10000"));
  CHECK_THAT(error_of("[flatten(createArray(1))]"), Catch::Contains("'flatten' expects an array of arrays"));
}

TEST_CASE("filter, map, reduce and sort take lambdas") {
  CHECK(value_of("[filter(range(0, 6), lambda('x', equals(mod(lambdaVariables('x'), 2), 0)))]") ==
        json({0, 2, 4}));
  CHECK(value_of("[map(createArray('a','b'), lambda('s', toUpper(lambdaVariables('s'))))]") ==
        json({"A", "B"}));
  CHECK(value_of("[reduce(range(1, 4), 0, lambda('acc', 'n', add(lambdaVariables('acc'), "
                 "lambdaVariables('n'))))]") == 10);
  CHECK(
      value_of(
          "[sort(createArray(3,1,2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]") ==
      json({1, 2, 3}));
  CHECK_THAT(error_of("[filter(createArray(1), 'x')]"),
             Catch::Contains("'filter' expects argument 2 to be lambda"));
  CHECK_THAT(error_of("[lambdaVariables('x')]"), Catch::Contains("no lambda variable 'x'"));
}
