#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;

TEST_CASE("lower upper and title change ASCII letters") {
  CHECK(value_of("lower", {"HeLLo"}) == "hello");
  CHECK(value_of("upper", {"héllo"}) == "HéLLO");
  CHECK(value_of("title", {"hello world-wide_web"}) == "Hello World-Wide_web");
  CHECK_FALSE(error_of("upper", {json::array()}).empty());
}

TEST_CASE("join and split are inverses") {
  CHECK(value_of("join", {", ", json({"a", "b"}), json({"c"})}) == "a, b, c");
  CHECK(value_of("join", {"-", json({1, true})}) == "1-true");
  CHECK(value_of("split", {",", "a,b,,c"}) == json({"a", "b", "", "c"}));
  CHECK(value_of("split", {",", ""}) == json({""}));
  CHECK_FALSE(error_of("join", {",", json({json::array()})}).empty());
}

TEST_CASE("substr counts characters, not bytes") {
  CHECK(value_of("substr", {"hello world", 1, 4}) == "ello");
  CHECK(value_of("substr", {"🤔🤷abc", 0, 1}) == "🤔");
  CHECK(value_of("substr", {"hello", -3, -1}) == "llo");
  CHECK(value_of("substr", {"hello", 2, 100}) == "llo");
  CHECK(error_of("substr", {"hello", 9, 1}) == "offset 9 is out of range for a string of length 5");
}

TEST_CASE("trim functions remove characters from the ends") {
  CHECK(value_of("trim", {"?!hello?!", "!?"}) == "hello");
  CHECK(value_of("trimspace", {"  \n hi \t"}) == "hi");
  CHECK(value_of("trimspace", {"   "}) == "");
  CHECK(value_of("trimprefix", {"helloworld", "hello"}) == "world");
  CHECK(value_of("trimprefix", {"helloworld", "x"}) == "helloworld");
  CHECK(value_of("trimsuffix", {"helloworld", "world"}) == "hello");
}

TEST_CASE("startswith and endswith test affixes") {
  CHECK(value_of("startswith", {"hello", "he"}) == true);
  CHECK(value_of("startswith", {"hello", "lo"}) == false);
  CHECK(value_of("endswith", {"hello", "lo"}) == true);
  CHECK(value_of("endswith", {"lo", "hello"}) == false);
}

TEST_CASE("strrev chomp and indent") {
  CHECK(value_of("strrev", {"abé"}) == "éba");
  CHECK(value_of("chomp", {"hello\r\n\n"}) == "hello");
  CHECK(value_of("indent", {2, "a\nb\n"}) == "a\n  b\n  ");
  CHECK_FALSE(error_of("indent", {-1, "a"}).empty());
}

TEST_CASE("replace substitutes substrings, or regex matches when the pattern is in slashes") {
  CHECK(value_of("replace", {"1 + 2 + 3", "+", "-"}) == "1 - 2 - 3");
  CHECK(value_of("replace", {"hello world", "/w.*d/", "everybody"}) == "hello everybody");
  CHECK(value_of("replace", {"a1b22", "/([0-9]+)/", "<$1>"}) == "a<1>b<22>");
  CHECK(value_of("replace", {"a1", "/(?P<n>[0-9])/", "<${n}>"}) == "a<1>");
  CHECK(error_of("replace", {"x", "/(/", "y"}).rfind("invalid regular expression: ", 0) == 0);
}

TEST_CASE("regex returns the match, the groups, or the named groups") {
  CHECK(value_of("regex", {"[a-z]+", "53453453.345345aaabbbccc23454"}) == "aaabbbccc");
  CHECK(value_of("regex", {"(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"}) == json({"2019", "02", "01"}));
  CHECK(value_of("regex", {"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://example.com/a"}) ==
        json({{"scheme", "https"}, {"authority", "example.com"}}));
  CHECK(value_of("regex", {"(a)(b)?", "a"}) == json({"a", nullptr}));
  CHECK(error_of("regex", {"z", "abc"}) == "pattern did not match any part of the given string");
  CHECK(error_of("regex", {"[", "abc"}).rfind("invalid regular expression: ", 0) == 0);
  CHECK(error_of("regex", {"(?P<x>a)(b)", "ab"}) == "the pattern mixes named and unnamed capture groups");
}

TEST_CASE("regexall returns every match") {
  CHECK(value_of("regexall", {"[a-z]+", "1234abcd5678efgh9"}) == json({"abcd", "efgh"}));
  CHECK(value_of("regexall", {"z", "abc"}) == json::array());
  CHECK(value_of("regexall", {"(\\w)=(\\d)", "a=1 b=2"}) == json::array({json::array({"a", "1"}), json::array({"b", "2"})}));
}

TEST_CASE("regex refuses inputs long enough to exhaust the matcher's stack") {
  CHECK_FALSE(error_of("regex", {"(a|b)*", std::string(20000, 'a')}).empty());
  CHECK(value_of("regex", {"(?:a|b)*", std::string(16000, 'a')}).get<std::string>().size() == 16000);
}

TEST_CASE("format supports Terraform's verbs, flags, width and precision") {
  CHECK(value_of("format", {"Hello, %s!", "Ander"}) == "Hello, Ander!");
  CHECK(value_of("format", {"There are %d lights", 4}) == "There are 4 lights");
  CHECK(value_of("format", {"%.2f", 3.14159}) == "3.14");
  CHECK(value_of("format", {"%5d|%-5d|%05d", 42, 42, -42}) == "   42|42   |-0042");
  CHECK(value_of("format", {"%v %v %v", "a", 1.5, true}) == "a 1.5 true");
  CHECK(value_of("format", {"%v", json({1, 2})}) == "[1,2]");
  CHECK(value_of("format", {"%#v", "a"}) == "\"a\"");
  CHECK(value_of("format", {"%q", "a\"b"}) == "\"a\\\"b\"");
  CHECK(value_of("format", {"100%%"}) == "100%");
  CHECK(value_of("format", {"%x %X %o %b", 255, 255, 8, 5}) == "ff FF 10 101");
  CHECK(value_of("format", {"%[2]s %[1]s", "a", "b"}) == "b a");
  CHECK(value_of("format", {"%8.3s|", "abcdef"}) == "     abc|");
  CHECK(value_of("format", {"%+d %t", 5, true}) == "+5 true");
}

TEST_CASE("format reports a mismatch between verbs and arguments") {
  CHECK(error_of("format", {"%s %s", "a"}) == "not enough arguments for format string");
  CHECK(error_of("format", {"%s", "a", "b"}) == "too many arguments; only 1 used by format string");
  CHECK(error_of("format", {"%d", "abc"}) == "unsupported value for \"%d\" at 1: integer required");
  CHECK(error_of("format", {"%s", json::array()}) == "unsupported value for \"%s\" at 1: string required");
  CHECK(error_of("format", {"%s", nullptr}) == "unsupported value for \"%s\" at 1: null value cannot be formatted");
  CHECK(error_of("format", {"%z", 1}) == "unrecognized format verb \"%z\" at 1");
  CHECK(error_of("format", {"%", 1}) == "format string ends in the middle of a verb");
  CHECK(value_of("format", {"%999999999d", 1}).get<std::string>().size() == 1000);
}

TEST_CASE("formatlist formats each element and repeats scalars") {
  CHECK(value_of("formatlist", {"Hello, %s!", json({"A", "B"})}) == json({"Hello, A!", "Hello, B!"}));
  CHECK(value_of("formatlist", {"%s=%s", json({"a", "b"}), "x"}) == json({"a=x", "b=x"}));
  CHECK(error_of("formatlist", {"%s%s", json({"a"}), json({"b", "c"})}) == "all list arguments must have the same length");
}
