#include <catch2/catch.hpp>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

namespace {

PositionIndex positions_for_doc() {
  PositionIndex index;
  int file = index.add_file("main.forma.json");
  index.add("/resource/test_null/a", file, {10, 5});
  index.add("/resource/test_null/a/name", file, {11, 15});
  index.add("/resource/test_null/a/tags/1", file, {12, 20});
  return index;
}

}  // namespace

TEST_CASE("every string of a document is evaluated and keys stay literal") {
  MapScope scope;
  scope.set("var.env", "prod").set("var.n", 3);
  json doc = {{"name", "web-${var.env}"},
              {"count", "${var.n}"},
              {"${var.env}", "plain"},
              {"tags", {"a", "${upper(var.env)}"}},
              {"nested", {{"deep", {{"n", "${var.n + 1}"}}}, {"flag", true}, {"none", nullptr}}}};
  Evaluated e = evaluate_document(doc, "/resource/test_null/a", positions_for_doc(), scope);
  CHECK(e.diags.empty());
  CHECK(e.value == json{{"name", "web-prod"},
                        {"count", 3},
                        {"${var.env}", "plain"},
                        {"tags", {"a", "PROD"}},
                        {"nested", {{"deep", {{"n", 4}}}, {"flag", true}, {"none", nullptr}}}});
}

TEST_CASE("document diagnostics carry the value's position and path") {
  MapScope scope;
  json doc = {{"name", "ok"}, {"tags", {"a", "x${var.missing}"}}};
  Evaluated e = evaluate_document(doc, "/resource/test_null/a", positions_for_doc(), scope);
  REQUIRE(e.diags.size() == 1);
  CHECK(e.diags[0].json_path == "/resource/test_null/a/tags/1");
  CHECK(e.diags[0].range.start.line == 12);
  CHECK(e.diags[0].range.start.column == 20 + 1 + 3);
}

TEST_CASE("sensitive results are listed by their path in the document") {
  MapScope scope;
  scope.set("var.pw", "secret", true).set("var.user", "bob");
  json doc = {{"user", "${var.user}"}, {"auth", {{"password", "${var.pw}"}}}, {"a/b", "${var.pw}"}};
  std::vector<std::string> paths;
  Evaluated e = evaluate_document(doc, "/x", PositionIndex(), scope, &paths);
  CHECK(e.sensitive);
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"/auth/password", "/a~1b"});
}

TEST_CASE("document references are collected from every string") {
  json doc = {{"a", "${var.one}"}, {"b", {"${test_null.x.id}", "plain", 5}}, {"c", "bad ${"}};
  Diagnostics diags;
  auto refs = document_references(doc, "/resource/t/n", positions_for_doc(), diags);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].text == "var.one");
  CHECK(refs[1].text == "test_null.x.id");
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].json_path == "/resource/t/n/c");
}

TEST_CASE("a template cache gives each evaluation the parse the graph builder made") {
  MapScope scope;
  scope.set("var.env", "prod");
  const PositionIndex positions = positions_for_doc();
  json doc = {{"name", "web-${var.env}"}, {"tags", {"a", "x${var.missing}"}}};
  TemplateCache cache;
  Diagnostics diags;
  auto refs = document_references(doc, "/resource/test_null/a", positions, diags, &cache);
  CHECK(refs.size() == 2);
  Evaluated cached = evaluate_document(doc, "/resource/test_null/a", positions, scope, nullptr, &cache);
  Evaluated fresh = evaluate_document(doc, "/resource/test_null/a", positions, scope);
  CHECK(cached.value == fresh.value);
  // A failing evaluation still points where the text is, through the cached parse.
  REQUIRE(cached.diags.size() == 1);
  CHECK(cached.diags[0].range.start.line == 12);
  CHECK(cached.diags[0].range.start.column == 20 + 1 + 3);
  // The same text at another path, or under another module's positions, is parsed for that place.
  Parsed here = cache.parse("x${var.missing}", "/resource/test_null/a/tags/1", positions);
  Parsed elsewhere = cache.parse("x${var.missing}", "/resource/test_null/b/tags/1", positions);
  PositionIndex other;
  other.add("/resource/test_null/a/tags/1", other.add_file("other.forma.json"), {3, 4});
  Parsed other_module = cache.parse("x${var.missing}", "/resource/test_null/a/tags/1", other);
  CHECK(here.expr == cache.parse("x${var.missing}", "/resource/test_null/a/tags/1", positions).expr);
  CHECK(here.expr != elsewhere.expr);
  CHECK(here.expr != other_module.expr);
  Evaluated in_other = evaluate_document(json{{"tags", {"a", "x${var.missing}"}}}, "/resource/test_null/a", other,
                                         scope, nullptr, &cache);
  REQUIRE(in_other.diags.size() == 1);
  CHECK(in_other.diags[0].range.file == "other.forma.json");
}
