#include <catch2/catch.hpp>

#include <random>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

namespace {

Diagnostic first_error(const std::string& text, const Scope& scope = MapScope()) {
  Evaluated e = eval_template(text, scope);
  REQUIRE_FALSE(e.diags.empty());
  return e.diags[0];
}

}  // namespace

TEST_CASE("parse errors point at the offending character inside the string") {
  // The opening quote is at column 10, so offset i is at column 11 + i.
  Diagnostic d = first_error("abc${1 +}");
  CHECK(d.range.file == "main.forma.json");
  CHECK(d.range.start.line == 3);
  CHECK(d.range.start.column == 11 + 8);
  CHECK(d.json_path == "/locals/x");
  CHECK(d.summary == "Invalid expression");
}

TEST_CASE("evaluation errors point at the failing expression") {
  MapScope scope;
  scope.set("var.l", json::array());
  Diagnostic d = first_error("xx${var.l[3]}", scope);
  CHECK(d.range.start.column == 11 + 4);
  CHECK(d.range.end.column == 11 + 12);
  Diagnostic missing = first_error("${  var.nope}");
  CHECK(missing.range.start.column == 11 + 4);
}

TEST_CASE("malformed expressions are errors, not crashes") {
  for (const char* text : {"${", "${}", "${)}", "${[1, 2}", "${{a = }}", "${f(1,}", "${a.}",
                           "${1 ? 2}", "${[for x in y]}", "${{for x in y : x}}", "${\"\\q\"}",
                           "${\"\\u12\"}", "${var.x[}", "${a[*}", "${/* open}", "${1.}",
                           "${99999999999999999999999999999999999e999999}", "${x...}"}) {
    INFO(text);
    Evaluated e = eval_template(text);
    CHECK(has_errors(e.diags));
    CHECK(e.value.is_null());
  }
}

TEST_CASE("deeply nested input is rejected instead of exhausting the stack") {
  std::string parens = "${" + std::string(100000, '(') + "1" + std::string(100000, ')') + "}";
  CHECK_THAT(error_of(parens), Catch::Contains("nested too deeply"));
  std::string lists = "${" + std::string(5000, '[') + std::string(5000, ']') + "}";
  CHECK(has_errors(eval_template(lists).diags));
  std::string nots = "${" + std::string(100000, '!') + "true}";
  CHECK(has_errors(eval_template(nots).diags));
  std::string sum = "${1";
  for (int i = 0; i < 20000; ++i) sum += "+1";
  CHECK_THAT(error_of(sum + "}"), Catch::Contains("too complex"));
  std::string quotes;
  for (int i = 0; i < 5000; ++i) quotes += "${\"";
  CHECK(has_errors(eval_template(quotes).diags));
  CHECK(value_of("${" + std::string(50, '(') + "1" + std::string(50, ')') + "}") == 1);
}

TEST_CASE("random garbage never crashes the parser or evaluator") {
  const std::string alphabet = "${}%~[]()*.,:=<>!&|?+-/\"\\ \n#abcxyz019_ forvarinif=>...endif";
  std::mt19937 rng(12345);
  MapScope scope;
  scope.set("var.x", json::array({1, json{{"a", "b"}}})).set("var.a", "s");
  for (int i = 0; i < 20000; ++i) {
    std::string text = i % 2 ? "${" : "";
    size_t length = rng() % 40;
    for (size_t j = 0; j < length; ++j) text += alphabet[rng() % alphabet.size()];
    Evaluated e = eval_template(text, scope);
    if (has_errors(e.diags)) CHECK(e.value.is_null());
    Parsed p = parse_expression(text, test_where(), "/x");
    if (p.expr) (void)evaluate(*p.expr, scope);
  }
}
