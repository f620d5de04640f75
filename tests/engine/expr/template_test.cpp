#include <catch2/catch.hpp>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

TEST_CASE("plain text is a literal string") {
  CHECK(value_of("hello world") == "hello world");
  Parsed p = parse_template("hello", test_where(), "/x");
  REQUIRE(p.expr);
  CHECK(is_literal(*p.expr));
}

TEST_CASE("a template that is exactly one interpolation keeps the value's type") {
  MapScope scope;
  scope.set("var.n", 5).set("var.list", json::array({1, 2})).set("var.flag", true);
  CHECK(value_of("${var.n}", scope) == 5);
  CHECK(value_of("${var.list}", scope) == json::array({1, 2}));
  CHECK(value_of("${ var.flag }", scope) == true);
  Parsed p = parse_template("${var.n}", test_where(), "/x");
  REQUIRE(p.expr);
  CHECK_FALSE(is_literal(*p.expr));
}

TEST_CASE("text around interpolations makes a string with Terraform's number format") {
  MapScope scope;
  scope.set("var.n", 5).set("var.f", 1.5).set("var.b", true).set("var.s", "x");
  CHECK(value_of("n=${var.n} f=${var.f} b=${var.b} s=${var.s}", scope) == "n=5 f=1.5 b=true s=x");
  CHECK(value_of("${var.n}${var.n}", scope) == "55");
  CHECK(value_of("${2.0 * 3}!") == "6!");
}

TEST_CASE("$${ and %%{ are literal sequences") {
  CHECK(value_of("$${var.x}") == "${var.x}");
  CHECK(value_of("a %%{if} b") == "a %{if} b");
  CHECK(value_of("cost: $5 and 100%") == "cost: $5 and 100%");
  Parsed p = parse_template("$${x}", test_where(), "/x");
  REQUIRE(p.expr);
  CHECK(references(*p.expr).empty());
}

TEST_CASE("interpolating null, a list or an object is an error") {
  MapScope scope;
  scope.set("var.n", nullptr).set("var.l", json::array({1})).set("var.o", json::object());
  CHECK_THAT(error_of("a${var.n}", scope), Catch::Contains("null"));
  CHECK_THAT(error_of("a${var.l}", scope), Catch::Contains("Cannot include a list in a string template"));
  CHECK_THAT(error_of("a${var.o}", scope), Catch::Contains("Cannot include an object in a string template"));
}

TEST_CASE("any unknown part makes the whole string unknown") {
  MapScope scope;
  scope.set("test_null.a", json{{"id", unknown_value()}}).set("var.s", "x");
  CHECK(is_unknown(value_of("${var.s}-${test_null.a.id}", scope)));
  CHECK(is_unknown(value_of("${test_null.a.id}", scope)));
}

TEST_CASE("if directives choose text by a condition") {
  MapScope scope;
  scope.set("var.on", true).set("var.off", false);
  CHECK(value_of("a%{if var.on}b%{else}c%{endif}d", scope) == "abd");
  CHECK(value_of("a%{if var.off}b%{else}c%{endif}d", scope) == "acd");
  CHECK(value_of("a%{ if var.off }b%{ endif }d", scope) == "ad");
  scope.set("var.u", unknown_value());
  CHECK(is_unknown(value_of("a%{if var.u}b%{endif}", scope)));
}

TEST_CASE("for directives repeat text for each element") {
  MapScope scope;
  scope.set("var.l", json::array({"x", "y"})).set("var.m", json{{"a", 1}, {"b", 2}});
  CHECK(value_of("%{for s in var.l}[${s}]%{endfor}", scope) == "[x][y]");
  CHECK(value_of("%{for k, v in var.m}${k}=${v};%{endfor}", scope) == "a=1;b=2;");
  CHECK(value_of("%{for i, s in var.l}${i}${s}%{endfor}", scope) == "0x1y");
}

TEST_CASE("strip markers remove whitespace next to an interpolation or directive") {
  MapScope scope;
  scope.set("var.l", json::array({"x", "y"}));
  CHECK(value_of("a   ${~ \"b\" ~}   c") == "abc");
  CHECK(value_of("%{for s in var.l ~}\n  ${s}\n%{~ endfor}", scope) == "xy");
}

TEST_CASE("quoted strings inside interpolations are templates with escapes") {
  MapScope scope;
  scope.set("var.name", "web");
  CHECK(value_of("${\"pre-${var.name}\"}", scope) == "pre-web");
  CHECK(value_of("${\"a\\nb\\t\\\"q\\\"\\\\\"}") == "a\nb\t\"q\"\\");
  CHECK(value_of("${\"\\u00e9\\U0001F600\"}") == "\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(value_of("${\"$${x}\"}") == "${x}");
}

TEST_CASE("newlines and comments are allowed inside an interpolation") {
  MapScope scope;
  scope.set("var.a", 1).set("var.b", 2);
  CHECK(value_of("${\n  var.a +\n  var.b # sum\n}", scope) == 3);
  CHECK(value_of("${var.a /* one */ + var.b // two\n}", scope) == 3);
}

TEST_CASE("unbalanced directives are reported") {
  CHECK_THAT(error_of("%{if true}x"), Catch::Contains("Unterminated template directive"));
  CHECK_THAT(error_of("x%{endif}"), Catch::Contains("Unexpected %{endif}"));
  CHECK_THAT(error_of("%{if true}x%{endfor}"), Catch::Contains("Unexpected %{endfor}"));
  CHECK_THAT(error_of("%{while true}"), Catch::Contains("Invalid template directive"));
  CHECK_THAT(error_of("${1"), Catch::Contains("Invalid interpolation"));
  CHECK_THAT(error_of("${\"abc}"), Catch::Contains("Unterminated template string"));
}
