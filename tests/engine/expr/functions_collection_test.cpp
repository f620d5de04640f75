#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using forma::unknown_value;
using forma::expr::find_function;
using namespace forma::expr::testing;

namespace {
json list(std::initializer_list<json> items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(item);
  return out;
}
}  // namespace

TEST_CASE("length counts list elements, map keys and string characters") {
  CHECK(value_of("length", {list({1, 2, 3})}) == 3);
  CHECK(value_of("length", {json({{"a", 1}})}) == 1);
  CHECK(value_of("length", {"héllo"}) == 5);
  CHECK(error_of("length", {nullptr}) == "length requires a string, list or map, not null");
}

TEST_CASE("length of a list with unknown elements is known") {
  CHECK(find_function("length")->accepts_unknown);
  CHECK(value_of("length", {list({1, unknown_value()})}) == 2);
  CHECK(forma::is_unknown(value_of("length", {unknown_value()})));
}

TEST_CASE("element wraps around and rejects negative indexes") {
  CHECK(value_of("element", {list({"a", "b", "c"}), 1}) == "b");
  CHECK(value_of("element", {list({"a", "b", "c"}), 4}) == "b");
  CHECK(error_of("element", {list({"a", "b", "c"}), -1}) == "element index -1 out of range for list of length 3");
  CHECK(error_of("element", {list({}), 0}) == "cannot use element function with an empty list");
  CHECK(forma::is_unknown(value_of("element", {list({unknown_value(), 2}), 0})));
  CHECK(value_of("element", {list({unknown_value(), 2}), 1}) == 2);
}

TEST_CASE("index finds the first position of a value") {
  CHECK(value_of("index", {list({"a", "b", "c"}), "b"}) == 1);
  CHECK(error_of("index", {list({"a"}), "z"}) == "item not found");
}

TEST_CASE("lookup returns a map value or the default") {
  json m = {{"a", "ay"}, {"b", "bee"}};
  CHECK(value_of("lookup", {m, "a"}) == "ay");
  CHECK(value_of("lookup", {m, "c", "what?"}) == "what?");
  CHECK(error_of("lookup", {m, "c"}) == "lookup failed to find key \"c\"");
  CHECK(forma::is_unknown(value_of("lookup", {m, unknown_value()})));
  CHECK(value_of("lookup", {json({{"a", unknown_value()}, {"b", 1}}), "b"}) == 1);
}

TEST_CASE("keys and values follow key order and keep unknown values") {
  json m = {{"b", 2}, {"a", unknown_value()}};
  CHECK(value_of("keys", {m}) == list({"a", "b"}));
  CHECK(value_of("values", {m}) == list({unknown_value(), 2}));
  CHECK_FALSE(error_of("keys", {list({})}).empty());
}

TEST_CASE("merge lets later maps win and skips nulls") {
  CHECK(value_of("merge", {json({{"a", 1}, {"b", 1}}), nullptr, json({{"b", 2}})}) == json({{"a", 1}, {"b", 2}}));
  CHECK(error_of("merge", {list({})}) == "arguments must be maps or objects, got list");
  CHECK(forma::is_unknown(value_of("merge", {json::object(), unknown_value()})));
}

TEST_CASE("concat joins lists") {
  CHECK(value_of("concat", {list({"a"}), list({"b", unknown_value()})}) == list({"a", "b", unknown_value()}));
  CHECK_FALSE(error_of("concat", {list({}), "x"}).empty());
}

TEST_CASE("contains distinct and flatten") {
  CHECK(value_of("contains", {list({"a", "b"}), "b"}) == true);
  CHECK(value_of("contains", {list({1, 2}), 3}) == false);
  CHECK(value_of("distinct", {list({"a", "b", "a", "c"})}) == list({"a", "b", "c"}));
  CHECK(value_of("flatten", {list({list({"a", "b"}), list({}), list({list({"c"})})})}) == list({"a", "b", "c"}));
  CHECK_FALSE(error_of("flatten", {"x"}).empty());
}

TEST_CASE("slice takes a half-open range and checks its bounds") {
  CHECK(value_of("slice", {list({"a", "b", "c", "d"}), 1, 3}) == list({"b", "c"}));
  CHECK(value_of("slice", {list({"a"}), 1, 1}) == list({}));
  CHECK(error_of("slice", {list({"a"}), 0, 2}) == "end index 2 out of range for list of length 1 and start index 0");
  CHECK_FALSE(error_of("slice", {list({"a"}), -1, 1}).empty());
}

TEST_CASE("sort orders strings lexically and reverse reverses") {
  CHECK(value_of("sort", {list({"e", "d", "a", "x"})}) == list({"a", "d", "e", "x"}));
  CHECK(value_of("sort", {list({10, 9})}) == list({"10", "9"}));
  CHECK_FALSE(error_of("sort", {list({list({})})}).empty());
  CHECK(value_of("reverse", {list({1, 2, 3})}) == list({3, 2, 1}));
}

TEST_CASE("zipmap pairs keys with values") {
  CHECK(value_of("zipmap", {list({"a", "b"}), list({1, unknown_value()})}) == json({{"a", 1}, {"b", unknown_value()}}));
  CHECK(error_of("zipmap", {list({"a"}), list({})}) == "number of keys (1) does not match number of values (0)");
  CHECK(forma::is_unknown(value_of("zipmap", {list({unknown_value()}), list({1})})));
}

TEST_CASE("coalesce and coalescelist pick the first non-empty argument") {
  CHECK(value_of("coalesce", {nullptr, "", "b"}) == "b");
  CHECK(value_of("coalesce", {1, 2}) == 1);
  CHECK(error_of("coalesce", {nullptr, ""}) == "no non-null, non-empty-string arguments");
  CHECK(value_of("coalescelist", {list({}), list({"c"})}) == list({"c"}));
  CHECK(error_of("coalescelist", {list({})}) == "no non-empty list arguments");
}

TEST_CASE("compact removes empty strings and nulls") {
  CHECK(value_of("compact", {list({"a", "", nullptr, "b"})}) == list({"a", "b"}));
  CHECK_FALSE(error_of("compact", {list({list({})})}).empty());
}

TEST_CASE("chunklist splits a list into fixed-size pieces") {
  CHECK(value_of("chunklist", {list({"a", "b", "c"}), 2}) == list({list({"a", "b"}), list({"c"})}));
  CHECK(value_of("chunklist", {list({"a"}), 0}) == list({list({"a"})}));
  CHECK_FALSE(error_of("chunklist", {list({"a"}), -1}).empty());
}

TEST_CASE("alltrue anytrue and one") {
  CHECK(value_of("alltrue", {list({true, "true"})}) == true);
  CHECK(value_of("alltrue", {list({})}) == true);
  CHECK(value_of("anytrue", {list({false, true})}) == true);
  CHECK(value_of("anytrue", {list({})}) == false);
  CHECK_FALSE(error_of("alltrue", {list({1})}).empty());
  CHECK(value_of("one", {list({})}) == nullptr);
  CHECK(value_of("one", {list({"x"})}) == "x");
  CHECK(error_of("one", {list({1, 2})}) == "must be a list with either zero or one elements, not 2");
}

TEST_CASE("set functions return sorted sets without duplicates") {
  CHECK(value_of("setunion", {list({"b", "a"}), list({"c", "a"})}) == list({"a", "b", "c"}));
  CHECK(value_of("setintersection", {list({"a", "b", "c"}), list({"b", "c", "d"}), list({"c", "b"})}) == list({"b", "c"}));
  CHECK(value_of("setsubtract", {list({"a", "b", "c"}), list({"a", "c"})}) == list({"b"}));
  CHECK_FALSE(error_of("setunion", {list({}), "x"}).empty());
}
