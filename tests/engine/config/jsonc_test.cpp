#include <catch2/catch.hpp>

#include <chrono>

#include "engine/config/jsonc.h"

using forma::json;
using forma::PositionIndex;
using forma::config::parse_jsonc;
using forma::config::parse_jsonc_into;

namespace {

std::string position_of(const PositionIndex& index, const std::string& pointer) {
  return index.find(pointer).to_string();
}

// Parses text that must be invalid and returns "line:col summary".
std::string syntax_error(const std::string& text) {
  auto doc = parse_jsonc(text, "f.json");
  if (!doc.error) return "no error";
  const auto& r = doc.error->range;
  return std::to_string(r.start.line) + ":" + std::to_string(r.start.column) + " " + doc.error->summary;
}

}  // namespace

TEST_CASE("comments are skipped and values keep their types") {
  auto doc = parse_jsonc(R"({
    // a line comment
    "a": 1, /* a block
    comment */ "b": -2.5e1, "c": [true, false, null], "d": "x\n\u00e9\ud83d\ude00",
    "big": 18446744073709551615, "neg": -9223372036854775808
  })", "f.json");
  REQUIRE_FALSE(doc.error);
  CHECK(doc.value["a"].is_number_integer());
  CHECK(doc.value["a"] == 1);
  CHECK(doc.value["b"] == -25.0);
  CHECK(doc.value["c"] == json::array({true, false, nullptr}));
  CHECK(doc.value["d"] == "x\n\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(doc.value["big"].is_number_unsigned());
  CHECK(doc.value["neg"] == INT64_MIN);
}

TEST_CASE("every value is positioned by JSON pointer, line and byte column") {
  json value;
  PositionIndex index;
  auto error = parse_jsonc_into(
      "{\n"
      "  \"resource\": {\n"
      "    \"test_null\": { /* é */ \"a\": {\n"
      "      \"triggers\": {\"x/y\": \"é\", \"z~\": [10, 20]}\n"
      "    } }\n"
      "  }\n"
      "}\n",
      "main.forma.json", value, index);
  REQUIRE_FALSE(error);
  CHECK(position_of(index, "") == "main.forma.json:1:1");
  CHECK(position_of(index, "/resource") == "main.forma.json:2:15");
  CHECK(position_of(index, "/resource#key") == "main.forma.json:2:3");
  CHECK(position_of(index, "/resource/test_null/a") == "main.forma.json:3:34");  // é is two bytes
  CHECK(position_of(index, "/resource/test_null/a/triggers/x~1y") == "main.forma.json:4:27");
  CHECK(position_of(index, "/resource/test_null/a/triggers/z~0/1") == "main.forma.json:4:44");
}

TEST_CASE("a missing #key entry falls back to the enclosing value") {
  json value;
  PositionIndex index;
  REQUIRE_FALSE(parse_jsonc_into("[\n  {\"a\": 1}\n]", "f.json", value, index));
  CHECK(position_of(index, "/0/a#key") == "f.json:2:4");
  CHECK(position_of(index, "/0/b#key") == "f.json:2:3");  // no such key: the object
}

TEST_CASE("syntax errors are reported with a clear message at the offending character") {
  CHECK(syntax_error("{\"a\": 1,\n \"b\": 2,\n}") == "2:8 Trailing comma is not allowed");
  CHECK(syntax_error("[1, 2, ]") == "1:6 Trailing comma is not allowed");
  CHECK(syntax_error("{\"a\": 1 \"b\": 2}") == "1:9 Missing ',' after the previous object member");
  CHECK(syntax_error("[1 2]") == "1:4 Missing ',' after the previous array element");
  CHECK(syntax_error("{\n  \"a\": \"abc\n}") == "2:8 Unterminated string");
  CHECK(syntax_error("{\"a\": \"abc") == "1:7 Unterminated string");
  CHECK(syntax_error("{\"a\": \"a\\qb\"}") == "1:9 Invalid escape '\\q' in string");
  CHECK(syntax_error("{\"a\": 1, \"a\": 2}") == "1:10 Duplicate key \"a\"");
  CHECK(syntax_error("{\"a\" 1}") == "1:6 Expected ':' after the object key \"a\", found '1'");
  CHECK(syntax_error("{a: 1}") == "1:2 Expected a double-quoted object key, found 'a'");
  CHECK(syntax_error("{\"a\": 'x'}") == "1:7 Strings must use double quotes");
  CHECK(syntax_error("{\"a\": 01}") == "1:7 Invalid number: leading zeros are not allowed");
  CHECK(syntax_error("{\"a\": 1.}") == "1:7 Invalid number: expected digits after '.'");
  CHECK(syntax_error("{\"a\": tru}") == "1:7 Expected a value, found 't'");
  CHECK(syntax_error("{} {}") == "1:4 Unexpected content after the end of the JSON value");
  CHECK(syntax_error("  // only a comment\n") == "2:1 The file is empty");
  CHECK(syntax_error("{ /* never closed") == "1:3 Unterminated /* comment");
  CHECK(syntax_error("{\"a\": \"\\ud800\"}") == "1:8 Invalid \\u escape: unpaired high surrogate");
  CHECK(syntax_error("{\"a\": \"\xff\"}") == "1:8 Invalid UTF-8 in string");
  CHECK(syntax_error("{\"a\": [") == "1:8 Unexpected end of file; expected a value");
  CHECK(syntax_error("{\"a\": 1 ]") == "1:9 Expected ',' or '}' after an object member, found ']'");
  CHECK(syntax_error("{\"a\": 1") == "1:8 Unexpected end of file; expected ',' or '}'");
}

TEST_CASE("a duplicate key names where the key was first written") {
  auto doc = parse_jsonc("{\n  \"a\": 1,\n  \"a\": 2\n}", "f.json");
  REQUIRE(doc.error);
  CHECK(doc.error->detail.find("already has the key \"a\" at line 2, column 3") != std::string::npos);
}

TEST_CASE("deeply nested input is an error, not a stack overflow") {
  std::string deep(100000, '[');
  CHECK(syntax_error(deep).find("nested too deeply") != std::string::npos);
}

TEST_CASE("a byte order mark at the start is ignored") {
  auto doc = parse_jsonc("\xEF\xBB\xBF{\"a\": 1}", "f.json");
  REQUIRE_FALSE(doc.error);
  CHECK(doc.value["a"] == 1);
}

TEST_CASE("a config of 100k resources parses completely") {
  std::string text = "{\"resource\": {\"test_null\": {\n";
  for (int i = 0; i < 100000; ++i) {
    if (i) text += ",\n";
    text += "  \"r" + std::to_string(i) +
            "\": {\"count\": 2, \"triggers\": {\"name\": \"${var.prefix}-" + std::to_string(i) +
            "\", \"size\": 12345, \"tags\": [\"a\", \"b\"]}, // why\n"
            "    \"depends_on\": [\"test_null.base\"], \"description\": \"a resource with a long description\"}";
  }
  text += "}}}";
  auto start = std::chrono::steady_clock::now();
  auto doc = parse_jsonc(text, "big.forma.json");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_FALSE(doc.error);
  CHECK(doc.value["resource"]["test_null"].size() == 100000);
  // The suite never fails on time (see DESIGN.md); the figure is for reading.
  WARN("parsed " << text.size() / 1e6 << " MB in " << seconds << " s");
}
