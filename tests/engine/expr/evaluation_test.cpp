#include <catch2/catch.hpp>

#include "expr_test_scope.h"

using namespace forma;
using namespace forma::expr;
using namespace forma::expr::testing;

TEST_CASE("collections are built from tuple and object constructors") {
  MapScope scope;
  scope.set("var.k", "dyn");
  CHECK(value_of("${[1, \"a\", true, null]}") == json::array({1, "a", true, nullptr}));
  CHECK(value_of("${[]}") == json::array());
  CHECK(value_of("${{a = 1, \"b c\" = 2, (var.k) = 3, d: 4}}", scope) ==
        json{{"a", 1}, {"b c", 2}, {"dyn", 3}, {"d", 4}});
  CHECK(value_of("${{\n a = 1\n b = 2\n}}") == json{{"a", 1}, {"b", 2}});
}

TEST_CASE("attributes and indexes reach into values") {
  MapScope scope;
  scope.set("test_null.a", json::array({json{{"id", "i0"}}, json{{"id", "i1"}}}))
      .set("var.m", json{{"k", "v"}})
      .set("var.i", "1");
  CHECK(value_of("${test_null.a[1].id}", scope) == "i1");
  CHECK(value_of("${test_null.a.0.id}", scope) == "i0");
  CHECK(value_of("${test_null.a[var.i].id}", scope) == "i1");
  CHECK(value_of("${var.m[\"k\"]}", scope) == "v");
  CHECK(value_of("${var.m.k}", scope) == "v");
}

TEST_CASE("bad indexes name the index and the length") {
  MapScope scope;
  scope.set("var.l", json::array({1, 2})).set("var.m", json{{"name", 1}}).set("var.n", nullptr);
  std::string e = error_of("${var.l[5]}", scope);
  CHECK_THAT(e, Catch::Contains("5") && Catch::Contains("2 elements"));
  CHECK_THAT(error_of("${var.l[\"x\"]}", scope), Catch::Contains("whole number"));
  CHECK_THAT(error_of("${var.m[\"nme\"]}", scope), Catch::Contains("Did you mean \"name\""));
  CHECK_THAT(error_of("${var.m.nme}", scope), Catch::Contains("Unsupported attribute"));
  CHECK_THAT(error_of("${var.n.x}", scope), Catch::Contains("null"));
  CHECK_THAT(error_of("${var.n[0]}", scope), Catch::Contains("Attempt to index null value"));
  CHECK_THAT(error_of("${var.l.x}", scope), Catch::Contains("splat"));
}

TEST_CASE("splats map a traversal over each element") {
  MapScope scope;
  json items = json::array({json{{"id", "a"}, {"tags", {"x"}}}, json{{"id", "b"}, {"tags", {"y"}}}});
  scope.set("test_null.a", items).set("var.one", json{{"id", "solo"}}).set("var.none", nullptr);
  CHECK(value_of("${test_null.a[*].id}", scope) == json::array({"a", "b"}));
  CHECK(value_of("${test_null.a.*.id}", scope) == json::array({"a", "b"}));
  CHECK(value_of("${test_null.a[*].tags[0]}", scope) == json::array({"x", "y"}));
  CHECK(value_of("${test_null.a.*.tags[0]}", scope) == json::array({"x"}));
  CHECK(value_of("${var.one[*].id}", scope) == json::array({"solo"}));
  CHECK(value_of("${var.none[*].id}", scope) == json::array());
  CHECK(value_of("${length(test_null.a[*].id)}", scope) == 2);
}

TEST_CASE("for-expressions build lists and objects") {
  MapScope scope;
  scope.set("var.l", json::array({1, 2, 3, 4})).set("var.m", json{{"a", 1}, {"b", 2}});
  CHECK(value_of("${[for x in var.l : x * 2]}", scope) == json::array({2, 4, 6, 8}));
  CHECK(value_of("${[for x in var.l : x if x % 2 == 0]}", scope) == json::array({2, 4}));
  CHECK(value_of("${[for i, x in var.l : i]}", scope) == json::array({0, 1, 2, 3}));
  CHECK(value_of("${{for k, v in var.m : upper(k) => v + 1}}", scope) == json{{"A", 2}, {"B", 3}});
  CHECK(value_of("${[for k, v in var.m : \"${k}=${v}\"]}", scope) == json::array({"a=1", "b=2"}));
  CHECK(value_of("${{for x in var.l : (x % 2 == 0 ? \"even\" : \"odd\") => x...}}", scope) ==
        json{{"even", {2, 4}}, {"odd", {1, 3}}});
  CHECK(value_of("${[for x in [[1, 2], [3]] : [for y in x : y * 10]]}") ==
        json::array({json::array({10, 20}), json::array({30})}));
}

TEST_CASE("for-expression errors") {
  MapScope scope;
  scope.set("var.l", json::array({1, 1})).set("var.n", nullptr).set("var.s", "abc");
  CHECK_THAT(error_of("${{for x in var.l : x => x}}", scope), Catch::Contains("Duplicate object key"));
  CHECK_THAT(error_of("${[for x in var.n : x]}", scope), Catch::Contains("null"));
  CHECK_THAT(error_of("${[for x in var.s : x]}", scope), Catch::Contains("cannot be used as the collection"));
  CHECK_THAT(error_of("${[for x in var.l : x if x]}", scope), Catch::Contains("must be a bool"));
}

TEST_CASE("unknown values propagate through every construct") {
  MapScope scope;
  scope.set("var.u", unknown_value()).set("var.l", json::array({1, 2})).set("var.t", true);
  CHECK(is_unknown(value_of("${var.u + 1}", scope)));
  CHECK(is_unknown(value_of("${-var.u}", scope)));
  CHECK(is_unknown(value_of("${var.u == 1}", scope)));
  CHECK(is_unknown(value_of("${var.u.attr}", scope)));
  CHECK(is_unknown(value_of("${var.u[0]}", scope)));
  CHECK(is_unknown(value_of("${var.l[var.u]}", scope)));
  CHECK(is_unknown(value_of("${var.u[*].id}", scope)));
  CHECK(is_unknown(value_of("${var.u ? 1 : 2}", scope)));
  CHECK(is_unknown(value_of("${[for x in var.u : x]}", scope)));
  CHECK(is_unknown(value_of("${[for x in var.l : x if var.u]}", scope)));
  CHECK(is_unknown(value_of("${{(var.u) = 1}}", scope)));
  CHECK(is_unknown(value_of("${upper(var.u)}", scope)));
  CHECK(is_unknown(value_of("${var.u && var.t}", scope)));
  CHECK(value_of("${var.u && false}", scope) == false);
  CHECK(value_of("${var.u || true}", scope) == true);
  CHECK(value_of("${[var.u, 1]}", scope)[1] == 1);
  CHECK(is_unknown(value_of("${[var.u, 1]}", scope)[0]));
  CHECK(value_of("${var.t ? 1 : var.u}", scope) == 1);
}

TEST_CASE("a result is sensitive when any value it read was sensitive") {
  MapScope scope;
  scope.set("var.pw", "hunter2", true).set("var.user", "bob").set("var.l", json::array({"a"}), true);
  CHECK(eval_template("${var.pw}", scope).sensitive);
  CHECK(eval_template("${var.user}:${var.pw}", scope).sensitive);
  CHECK(eval_template("${upper(var.pw)}", scope).sensitive);
  CHECK(eval_template("${var.pw == \"x\" ? 1 : 2}", scope).sensitive);
  CHECK(eval_template("${[for x in var.l : x]}", scope).sensitive);
  CHECK(eval_template("${var.l[*]}", scope).sensitive);
  CHECK_FALSE(eval_template("${var.user}", scope).sensitive);
  CHECK_FALSE(eval_template("${true ? var.user : var.pw}", scope).sensitive);
}

TEST_CASE("function calls go to the function library") {
  MapScope scope;
  scope.set("var.l", json::array({"a", "b"}));
  CHECK(value_of("${upper(\"x\")}") == "X");
  CHECK(value_of("${join(\"-\", var.l)}", scope) == "a-b");
  CHECK(value_of("${join(\"-\", [[\"x\"], var.l]...)}", scope) == "x-a-b");
}

TEST_CASE("function call errors are reported with the function's name") {
  CHECK(error_of("${lenght([])}") ==
        "Call to unknown function \"lenght\": Did you mean \"length\"?");
  CHECK_THAT(error_of("${upper()}"), Catch::Contains("Not enough function arguments"));
  CHECK_THAT(error_of("${upper(\"a\", \"b\")}"), Catch::Contains("Too many function arguments"));
  CHECK_THAT(error_of("${join(1, 2)}"), Catch::StartsWith("Error in function call: join: "));
  CHECK_THAT(error_of("${upper(null...)}"), Catch::Contains("must be a list"));
}

TEST_CASE("try returns the first argument that succeeds and can says whether one does") {
  MapScope scope;
  scope.set("var.m", json{{"a", 1}}).set("var.u", unknown_value());
  CHECK(value_of("${try(var.m.b, var.m.a, 0)}", scope) == 1);
  CHECK(value_of("${try(var.m.b, \"fallback\")}", scope) == "fallback");
  CHECK(value_of("${can(var.m.a)}", scope) == true);
  CHECK(value_of("${can(var.m.b)}", scope) == false);
  CHECK(is_unknown(value_of("${try(var.u, 1)}", scope)));
  CHECK(is_unknown(value_of("${can(var.u.x)}", scope)));
  CHECK_THAT(error_of("${try(var.m.b, var.m.c)}", scope), Catch::Contains("no expression succeeded"));
  Evaluated e = eval_template("${try(var.m.b, 2)}", scope);
  CHECK(e.diags.empty());
}

TEST_CASE("undeclared references report the scope's sentence") {
  CHECK_THAT(error_of("${var.nope}"), Catch::Contains("No value named \"var.nope\" is declared."));
}

TEST_CASE("legacy numeric attributes index one level each") {
  MapScope scope;
  scope.set("var.m", json::array({json::array({"a", "b"})}));
  CHECK(value_of("${var.m.0.1}", scope) == "b");
}

TEST_CASE("an object constructor may not set a key twice") {
  CHECK_THAT(error_of("${{a = 1, a = 2}}"), Catch::Contains("Duplicate object key"));
}
