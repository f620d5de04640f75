#include <catch2/catch.hpp>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

namespace {

std::vector<Reference> refs_of(const std::string& text) {
  Parsed p = parse_template(text, test_where(), "/x");
  REQUIRE(p.diags.empty());
  REQUIRE(p.expr);
  return references(*p.expr);
}

using Key = std::vector<std::string>;

}  // namespace

TEST_CASE("reference keys are split by what the root names") {
  CHECK(refs_of("${var.x}")[0].key == Key{"var", "x"});
  CHECK(refs_of("${local.x.y}")[0].key == Key{"local", "x"});
  CHECK(refs_of("${test_null.a[0].id}")[0].key == Key{"test_null", "a"});
  CHECK(refs_of("${data.T.N.x}")[0].key == Key{"data", "T", "N"});
  CHECK(refs_of("${module.m.out}")[0].key == Key{"module", "m"});
  CHECK(refs_of("${count.index}")[0].key == Key{"count", "index"});
  CHECK(refs_of("${each.key}")[0].key == Key{"each", "key"});
  CHECK(refs_of("${each.value.name}")[0].key == Key{"each", "value"});
  CHECK(refs_of("${path.module}")[0].key == Key{"path", "module"});
  CHECK(refs_of("${self.x}")[0].key == Key{"self"});
}

TEST_CASE("a reference's text is its static traversal and its range is where it is written") {
  auto refs = refs_of("ab${test_null.a[0].id}");
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].text == "test_null.a[0].id");
  CHECK(refs[0].range.file == "main.forma.json");
  CHECK(refs[0].range.start.line == 3);
  CHECK(refs[0].range.start.column == 10 + 1 + 4);
  CHECK(refs[0].range.end.column == 10 + 1 + 4 + 17);
  CHECK(refs_of("${a.b[*].c}")[0].text == "a.b");
  CHECK(refs_of("${a.b.0.c}")[0].text == "a.b.0.c");
  CHECK(refs_of("${a.b[\"k\"]}")[0].text == "a.b[\"k\"]");
}

TEST_CASE("references are listed in source order with duplicates kept") {
  auto refs = refs_of("${var.a}-${var.list[var.i]}-${upper(var.a)}");
  REQUIRE(refs.size() == 4);
  CHECK(refs[0].text == "var.a");
  CHECK(refs[1].text == "var.list");
  CHECK(refs[2].text == "var.i");
  CHECK(refs[3].text == "var.a");
}

TEST_CASE("for-expression variables are not references") {
  auto refs = refs_of("${[for x in var.l : x.id if x.on]}");
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].text == "var.l");
  auto in_template = refs_of("%{for k, v in var.m}${k}${v}${var.sep}%{endfor}");
  REQUIRE(in_template.size() == 2);
  CHECK(in_template[1].text == "var.sep");
}

TEST_CASE("references inside nested strings, calls and collections are found") {
  auto refs = refs_of("${{a = [\"x${var.a}\"], (var.k) = f(var.b...)}}");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].text == "var.a");
  CHECK(refs[1].text == "var.k");
  CHECK(refs[2].text == "var.b");
}

TEST_CASE("a bare resource type without a name is an error") {
  CHECK_THAT(error_of("${test_null}"),
             Catch::Contains("A reference to a resource type must be followed by at least one "
                             "attribute access, specifying the resource name"));
  CHECK_THAT(error_of("${var}"), Catch::Contains("cannot be accessed directly"));
  CHECK_THAT(error_of("${data.T}"), Catch::Contains("data source"));
}

TEST_CASE("bare expressions parse without ${}") {
  Parsed p = parse_expression("test_null.a", test_where(), "/depends_on/0");
  REQUIRE(p.expr);
  auto refs = references(*p.expr);
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].key == Key{"test_null", "a"});
  MapScope scope;
  scope.set("var.n", 2);
  Parsed cmp = parse_expression("var.n > 1", test_where(), "/x");
  REQUIRE(cmp.expr);
  CHECK(evaluate(*cmp.expr, scope).value == true);
  Parsed bad = parse_expression("var.n > ", test_where(), "/x");
  CHECK_FALSE(bad.expr);
  CHECK(has_errors(bad.diags));
  Parsed extra = parse_expression("var.n var.m", test_where(), "/x");
  CHECK_FALSE(extra.expr);
}

TEST_CASE("templatefile templates may use bare names as references") {
  ParseOptions bare;
  bare.bare_names = true;
  Parsed p = parse_template("Hi ${name}, ${user.id}", test_where(), "", bare);
  REQUIRE(p.expr);
  auto refs = references(*p.expr);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].key == Key{"name"});
  CHECK(refs[1].key == Key{"user"});
  MapScope scope;
  scope.set("name", "Ada").set("user", json{{"id", 7}});
  CHECK(evaluate(*p.expr, scope).value == "Hi Ada, 7");
}
