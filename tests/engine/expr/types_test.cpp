#include <catch2/catch.hpp>

#include "engine/expr/types.h"

using namespace forma;
using namespace forma::expr;

namespace {

Type parsed(const std::string& text) {
  std::string error;
  auto t = parse_type(text, error);
  INFO(text << ": " << error);
  REQUIRE(t);
  return *t;
}

json converted(const json& v, const std::string& type) {
  json out;
  std::string error;
  INFO(v.dump() << " to " << type);
  REQUIRE(convert(v, parsed(type), out, error));
  return out;
}

std::string conversion_error(const json& v, const std::string& type) {
  json out;
  std::string error;
  CHECK_FALSE(convert(v, parsed(type), out, error));
  return error;
}

}  // namespace

TEST_CASE("type constraints round-trip through their canonical text") {
  for (const char* text : {"string", "number", "bool", "any", "list(string)", "set(number)",
                           "map(list(bool))", "tuple([string,number])", "tuple([])",
                           "object({a=string,b=optional(number)})",
                           "list(object({name=string,tags=map(string)}))"}) {
    INFO(text);
    Type t = parsed(text);
    CHECK(t.to_string() == text);
    CHECK(parsed(t.to_string()).to_string() == text);
  }
}

TEST_CASE("type syntax allows spacing, newlines and legacy bare collections") {
  CHECK(parsed(" object({\n  a = string\n  b = optional( number )\n}) ").to_string() ==
        "object({a=string,b=optional(number)})");
  CHECK(parsed("tuple([ string , bool ])").to_string() == "tuple([string,bool])");
  CHECK(parsed("list").to_string() == "list(any)");
  Type o = parsed("object({b=optional(string), a=number})");
  CHECK(o.optional_attrs == std::vector<std::string>{"b"});
}

TEST_CASE("bad type syntax is reported") {
  std::string error;
  CHECK_FALSE(parse_type("strin", error));
  CHECK_THAT(error, Catch::Contains("Did you mean \"string\""));
  for (const char* text : {"", "list(", "list(string", "map()", "tuple(string)", "object({a})",
                           "object({a=string, a=number})", "string string", "optional(string)",
                           "object({a=optional(string, \"x\")})", "list(((("}) {
    INFO(text);
    CHECK_FALSE(parse_type(text, error));
    CHECK_FALSE(error.empty());
  }
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "list(";
  CHECK_FALSE(parse_type(deep, error));
}

TEST_CASE("primitives convert like Terraform's") {
  CHECK(converted("5", "number") == 5);
  CHECK(converted("1.5", "number") == 1.5);
  CHECK(converted(5, "string") == "5");
  CHECK(converted(1.5, "string") == "1.5");
  CHECK(converted(true, "string") == "true");
  CHECK(converted("false", "bool") == false);
  CHECK(converted(nullptr, "number").is_null());
  CHECK(is_unknown(converted(unknown_value(), "string")));
  CHECK(converted(json{{"a", 1}}, "any") == json{{"a", 1}});
  CHECK(conversion_error("five", "number") == "a number is required");
  CHECK(conversion_error(true, "number") == "a number is required");
  CHECK(conversion_error("yes", "bool") == "a bool is required");
  CHECK(conversion_error(json::array(), "string") == "a string is required");
}

TEST_CASE("collections convert element by element") {
  CHECK(converted(json::array({1, "2"}), "list(number)") == json::array({1, 2}));
  CHECK(converted(json::array({"b", "a", "b"}), "set(string)") == json::array({"a", "b"}));
  CHECK(converted(json{{"a", 1}, {"b", true}}, "map(string)") == json{{"a", "1"}, {"b", "true"}});
  CHECK(converted(json::array({1, "x"}), "tuple([string, string])") == json::array({"1", "x"}));
  CHECK(conversion_error(json::array({"1", "x"}), "list(number)") == "element 1: a number is required");
  CHECK(conversion_error(json{{"a", 1}}, "list(string)") == "a list is required");
  CHECK(conversion_error(json::array({1}), "map(string)") == "a map is required");
  CHECK(conversion_error(json::array({1}), "tuple([number, number])") ==
        "a tuple of 2 elements is required");
  CHECK(is_unknown(converted(json::array({unknown_value()}), "list(string)")[0]));
}

TEST_CASE("objects keep declared attributes and fill missing optional ones with null") {
  std::string type = "object({name=string, size=optional(number)})";
  CHECK(converted(json{{"name", "x"}, {"size", "3"}, {"extra", 1}}, type) ==
        json{{"name", "x"}, {"size", 3}});
  CHECK(converted(json{{"name", "x"}}, type) == json{{"name", "x"}, {"size", nullptr}});
  CHECK(conversion_error(json{{"size", 1}}, type) == "attribute \"name\" is required");
  CHECK(conversion_error(json{{"name", json::array()}}, type) ==
        "attribute \"name\": a string is required");
  CHECK(conversion_error("x", type) == "an object is required");
}
