#include "engine/config/format.h"

#include <catch2/catch.hpp>
#include <random>

using forma::config::format_jsonc;
using forma::config::unified_diff;

namespace {

std::string formatted(const std::string& text) {
  auto r = format_jsonc(text, "main.forma.json");
  return r.diags.empty() ? r.text : "ERROR: " + r.diags[0].summary + " at " + r.diags[0].range.to_string();
}

// Formatting twice must change nothing the second time.
void check_idempotent(const std::string& text) {
  auto once = format_jsonc(text, "x.json");
  if (!once.diags.empty()) return;
  auto twice = format_jsonc(once.text, "x.json");
  INFO("input:\n" << text << "\nonce:\n" << once.text);
  REQUIRE(twice.diags.empty());
  CHECK(twice.text == once.text);
}

}  // namespace

TEST_CASE("members go one per line with two-space indent") {
  CHECK(formatted(R"({"a":1,"b":{"c":true,"d":null}})") ==
        "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": true,\n    \"d\": null\n  }\n}\n");
}

TEST_CASE("empty objects and arrays stay on one line") {
  CHECK(formatted("{ \"a\" : { } , \"b\": [\n\n] }") == "{\n  \"a\": {},\n  \"b\": []\n}\n");
  CHECK(formatted("[]") == "[]\n");
}

TEST_CASE("short arrays of scalars stay on one line and long ones break") {
  CHECK(formatted(R"({"a":[1,"two",
    true,null]})") == "{\n  \"a\": [1, \"two\", true, null]\n}\n");
  std::string long_array = "{\"a\": [";
  for (int i = 0; i < 30; ++i) long_array += std::string(i ? "," : "") + "\"item" + std::to_string(i) + "\"";
  long_array += "]}";
  std::string out = formatted(long_array);
  CHECK(out.rfind("{\n  \"a\": [\n    \"item0\",\n    \"item1\",\n", 0) == 0);
  CHECK(formatted(R"({"a":[{"b":1}]})") == "{\n  \"a\": [\n    {\n      \"b\": 1\n    }\n  ]\n}\n");
}

TEST_CASE("a one-line array must fit in 100 columns including its comma") {
  std::string item(40, 'x');
  std::string fits = "{\"k\": [\"" + item + "\", \"" + std::string(40, 'y') + "\"], \"z\": 1}";
  // 2 indent + "k": (5) + [ + 42 + 2 + 42 + ] + , = 95 columns.
  CHECK(formatted(fits).find("\"k\": [\"x") != std::string::npos);
  std::string too_long = "{\"k\": [\"" + item + "\", \"" + std::string(47, 'y') + "\"], \"z\": 1}";
  CHECK(formatted(too_long).find("\"k\": [\n") != std::string::npos);
}

TEST_CASE("strings and numbers are kept exactly as written") {
  CHECK(formatted(R"({"a":"\u00e9\n\"","b":1.50e+3,"c":-0})") ==
        "{\n  \"a\": \"\\u00e9\\n\\\"\",\n  \"b\": 1.50e+3,\n  \"c\": -0\n}\n");
}

TEST_CASE("line comments stay at the end of their line or on their own line") {
  std::string in =
      "// header\n"
      "{\n"
      "  // about a\n"
      "  \"a\": 1, // one\n"
      "  \"b\": [ // list\n"
      "    1, // first\n"
      "    2\n"
      "    // after the last element\n"
      "  ]\n"
      "  // at the end\n"
      "} // done\n"
      "// footer\n";
  CHECK(formatted(in) == in);
}

TEST_CASE("block comments are kept wherever they are") {
  std::string in = "/* header\n   spans lines */\n{\n  \"a\": /* inline */ 1,\n  /* own line */\n  \"b\": 2 /* end */\n}\n";
  CHECK(formatted(in) == in);
  CHECK(formatted("{\"a\" /* before colon */ : 1}") == "{\n  \"a\": /* before colon */ 1\n}\n");
}

TEST_CASE("a line comment between a key and its value moves above the member") {
  CHECK(formatted("{\"a\": // why\n 1}") == "{\n  // why\n  \"a\": 1\n}\n");
}

TEST_CASE("comments in an otherwise empty block keep the block open") {
  CHECK(formatted("{\"a\": { // nothing yet\n}}") == "{\n  \"a\": { // nothing yet\n  }\n}\n");
  CHECK(formatted("{\"a\": [\n// none\n]}") == "{\n  \"a\": [\n    // none\n  ]\n}\n");
}

TEST_CASE("an array with a comment is never put on one line") {
  CHECK(formatted("{\"a\": [1, /* c */ 2]}") == "{\n  \"a\": [\n    1, /* c */\n    2\n  ]\n}\n");
}

TEST_CASE("blank lines between members are kept, at most one") {
  CHECK(formatted("{\n\"a\": 1,\n\n\n\n\"b\": 2,\n\"c\": 3}") == "{\n  \"a\": 1,\n\n  \"b\": 2,\n  \"c\": 3\n}\n");
  CHECK(formatted("{\n\n\"a\": 1\n\n}") == "{\n  \"a\": 1\n}\n");
  CHECK(formatted("// h\n\n{\"a\": {\n\"b\": 1,\n\n// c\n\"d\": 2}}") ==
        "// h\n\n{\n  \"a\": {\n    \"b\": 1,\n\n    // c\n    \"d\": 2\n  }\n}\n");
}

TEST_CASE("trailing whitespace, tabs and CRLF line ends are normalized") {
  CHECK(formatted("{\r\n\t\"a\": 1, // x   \r\n\t\"b\": 2\r\n}   ") == "{\n  \"a\": 1, // x\n  \"b\": 2\n}\n");
}

TEST_CASE("syntax errors name the file, line and column") {
  CHECK(formatted("{\n  \"a\": 1\n  \"b\": 2\n}") == "ERROR: expected ',' or '}', found a string at main.forma.json:3:3");
  CHECK(formatted("{\"a\": tru}") == "ERROR: unexpected word \"tru\" at main.forma.json:1:7");
  CHECK(formatted("{\"a\": \"x}") == "ERROR: unterminated string at main.forma.json:1:7");
  CHECK(formatted("{\"a\": 1,}") == "ERROR: trailing comma before '}' at main.forma.json:1:9");
  CHECK(formatted("{\"a\": 1} /* open") == "ERROR: unterminated block comment at main.forma.json:1:10");
  CHECK(formatted("{a: 1}") == "ERROR: unexpected word \"a\" at main.forma.json:1:2");
  CHECK(formatted("{\"a\" 1}") == "ERROR: expected ':' after the key \"a\", found \"1\" at main.forma.json:1:6");
  CHECK(formatted("{\"a\": 01}") == "ERROR: invalid number at main.forma.json:1:7");
  CHECK(formatted("{} {}") == "ERROR: unexpected '{' after the end of the document at main.forma.json:1:4");
  CHECK(formatted("  // only a comment\n") == "ERROR: the file has no content; a JSON object is expected at main.forma.json:2:1");
  CHECK(formatted("{\"a\": \"\\q\"}") == "ERROR: invalid escape in string at main.forma.json:1:8");
  CHECK(formatted("[1, 2") == "ERROR: expected ',' or ']', found the end of the file at main.forma.json:1:6");
}

TEST_CASE("an input with errors comes back unchanged") {
  auto r = format_jsonc("{\"a\": }", "f.json");
  CHECK(r.text == "{\"a\": }");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].range.file == "f.json");
}

TEST_CASE("deep nesting is an error, not a crash") {
  std::string deep(100000, '[');
  CHECK(formatted(deep) == "ERROR: the document is nested more than 256 levels deep at main.forma.json:1:257");
}

TEST_CASE("formatting is idempotent on many inputs") {
  const std::vector<std::string> inputs = {
      "{}",
      "{\"a\":[1,2,3],\"b\":{\"c\":[{\"d\":[]}]}}",
      "// a\n/* b */ {\n\n\n// c\n\"x\" /*d*/ : /*e*/ [ /*f*/ 1 /*g*/ , // h\n 2 ] /*i*/ , // j\n\n\"y\": {} // k\n // l\n} // m\n\n// n",
      "{\"a\": 1 // x\n, \"b\": 2}",
      "{\"a\": { /* one */ /* two */ \"b\": 1 }}",
      "{\"a\": [ [1, 2], [3, [4, [5]]] ], \"b\": [\"" + std::string(120, 'z') + "\"]}",
      "[ // top-level array\n  1,\n\n  2\n]",
      "{\"multi\": /* line\n   comment */ 1, \"x\": [/* a\n */]}",
      "\"just a string\" // trailing",
      "{\"a\":\"b\"}/* after */",
  };
  for (const auto& in : inputs) check_idempotent(in);
}

TEST_CASE("formatting random mutations of a config never crashes and stays idempotent") {
  const std::string base =
      "// config\n{\n  \"variable\": { \"n\": { \"default\": [1, 2, \"x\"] } }, /* c */\n"
      "  \"resource\": { \"t\": { \"a\": { \"v\": \"${var.n}\" } } } // end\n}\n";
  const std::string alphabet = "{}[]:,\"/*\n 1a\\";
  std::mt19937 rng(1234);
  for (int round = 0; round < 2000; ++round) {
    std::string s = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % (s.size() + 1);
      if (rng() % 2 && at < s.size()) s.erase(at, 1);
      else s.insert(at, 1, alphabet[rng() % alphabet.size()]);
    }
    check_idempotent(s);
  }
}

TEST_CASE("unified_diff is empty for equal texts and shows changed lines with context") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "f") == "");
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
  CHECK(unified_diff(a, b, "main.forma.json") ==
        "--- old/main.forma.json\n+++ new/main.forma.json\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("unified_diff makes separate hunks for distant changes and marks a missing final newline") {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 ? "two" : i == 18 ? "eighteen" : std::to_string(i)) + "\n";
  }
  std::string d = unified_diff(a, b, "f");
  CHECK(d.find("@@ -1,5 +1,5 @@\n") != std::string::npos);
  CHECK(d.find("@@ -15,6 +15,6 @@\n") != std::string::npos);
  CHECK(unified_diff("x", "x\n", "f") == "--- old/f\n+++ new/f\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n");
  CHECK(unified_diff("", "a\n", "f") == "--- old/f\n+++ new/f\n@@ -0,0 +1,1 @@\n+a\n");
}

TEST_CASE("the diff of an input against its formatting shows only the reformatted lines") {
  std::string in = "{\n  \"a\": 1,\n  \"b\":2\n}\n";
  auto r = format_jsonc(in, "f");
  CHECK(unified_diff(in, r.text, "f") == "--- old/f\n+++ new/f\n@@ -1,4 +1,4 @@\n {\n   \"a\": 1,\n-  \"b\":2\n+  \"b\": 2\n }\n");
}
