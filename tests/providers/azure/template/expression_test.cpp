#include "providers/azure/template/expression.h"

#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("a string is an expression only between [ and ], and [[ escapes a literal") {
  CHECK(is_expression("[concat('a')]"));
  CHECK_FALSE(is_expression("[[concat('a')]"));
  CHECK_FALSE(is_expression("plain"));
  CHECK_FALSE(is_expression("[not closed"));
  CHECK(literal_value("[[concat('a')]") == "[concat('a')]");
  CHECK(value_of("[[literal]") == "[literal]");
  CHECK(value_of("[no bracket at the end") == "[no bracket at the end");
}

TEST_CASE("the parser reads nested calls, literals, property and index access") {
  ParsedExpression p = parse_expression("[ concat( 'it''s', string(12), variables('x').a[0] ) ]");
  REQUIRE(p.expr);
  CHECK(p.expr->kind == Expr::Kind::Call);
  CHECK(p.expr->text == "concat");
  REQUIRE(p.expr->args.size() == 3);
  CHECK(p.expr->args[0]->text == "it's");
  CHECK(p.expr->args[1]->args[0]->integer == 12);
  const Expr& index = *p.expr->args[2];
  CHECK(index.kind == Expr::Kind::Index);
  CHECK(index.args[0]->kind == Expr::Kind::Property);
  CHECK(index.args[0]->text == "a");
}

TEST_CASE("a user-defined function is called as namespace.member") {
  ParsedExpression p = parse_expression("[contoso.uniqueName('x')]");
  REQUIRE(p.expr);
  CHECK(p.expr->text == "contoso.uniqueName");
  p = parse_expression("[resourceGroup().location]");
  REQUIRE(p.expr);
  CHECK(p.expr->kind == Expr::Kind::Property);
}

TEST_CASE("expression syntax errors give the position inside the expression") {
  ParsedExpression p = parse_expression("[concat('a' 'b')]");
  CHECK(!p.expr);
  CHECK(p.error_offset == 12);
  CHECK_THAT(p.error, Catch::Contains("Expected ',' or ')'"));
  p = parse_expression("[concat('a)]");
  CHECK(p.error_offset == 8);
  CHECK_THAT(p.error, Catch::Contains("not closed"));
  p = parse_expression("[concat('a'))]");
  CHECK_THAT(p.error, Catch::Contains("after the end of the expression"));
  p = parse_expression("[]");
  CHECK_THAT(p.error, Catch::Contains("empty"));
  p = parse_expression("[foo]");
  CHECK_THAT(p.error, Catch::Contains("Expected '(' after the function name 'foo'"));
}

TEST_CASE("an expression error names the template path, file, line and column") {
  std::string text =
      "{\n  \"$schema\": \"x\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"resources\": [],\n"
      "  \"outputs\": {\"o\": {\"type\": \"string\",\n    \"value\": \"[concat('a' 'b')]\"}}\n}\n";
  ArmTemplate t = parse(text);
  TemplateDeployment d;
  REQUIRE(!has_errors(d.bind(t, {}, test_context())));
  std::vector<TemplateOutput> outputs;
  UnknownResolver unknown;
  Diagnostics diags = d.evaluate_outputs(unknown, outputs);
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].summary, Catch::StartsWith("outputs.o.value: Invalid expression"));
  CHECK(diags[0].json_path == "/outputs/o/value");
  CHECK(diags[0].range.file == "test.json");
  CHECK(diags[0].range.start.line == 6);
  CHECK(diags[0].range.start.column == 14 + 1 + 12);
}

TEST_CASE("unknown functions and properties are reported by name") {
  CHECK_THAT(error_of("[nosuch(1)]"), Catch::Contains("'nosuch' is not a template function"));
  CHECK_THAT(error_of("[resourceGroup().nosuch]"), Catch::Contains("no property 'nosuch'"));
  CHECK_THAT(error_of("[createArray(1,2)[5]]"), Catch::Contains("index 5 is outside the array of 2"));
  CHECK(value_of("[resourceGroup()['name']]") == "rg1");
  CHECK(value_of("[RESOURCEGROUP().Location]") == "westeurope");
}

TEST_CASE("hostile expressions give errors, not crashes") {
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "concat(";
  deep = "[" + deep + "'a'" + std::string(500, ')') + "]";
  CHECK_THAT(parse_expression(deep).error, Catch::Contains("nests calls too deeply"));
  CHECK_THAT(parse_expression("[float(1" + std::string(400, '0') + ".5)]").error,
             Catch::Contains("out of range"));
  CHECK_THAT(error_of("[format('{0:D999999999999}', 1)]"), Catch::Contains("precisions go up to 99"));
  CHECK_THAT(error_of("[format('{0,99999999999}', 1)]"), Catch::Contains("invalid alignment"));
  CHECK_THAT(error_of("[createArray(1)['a']]"), Catch::Contains("An array is indexed by an integer"));
}

TEST_CASE("a malformed section is a diagnostic, not a crash") {
  ArmTemplate t = parse(R"({"$schema": "x", "contentVersion": "1.0.0.0", "resources": [],
      "outputs": {"x": {"type": "array", "copy": 5}}})");
  TemplateDeployment d;
  REQUIRE(!has_errors(d.bind(t, {}, test_context())));
  std::vector<TemplateOutput> outputs;
  UnknownResolver unknown;
  CHECK_THAT(first_error(d.evaluate_outputs(unknown, outputs)), Catch::Contains("The template is malformed"));
}
