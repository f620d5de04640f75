// Local child modules: their variables come from the call, their resources
// are addressed module.<name>.<type>.<name>, their outputs are read as module.<name>.<output>.
#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

void write_child(RunFixture& f) {
  f.write("modules/pair/main.forma.json", R"({
    "variable": {"prefix": {"type": "string"}, "size": {"type": "number", "default": 1}},
    "resource": {"fake_thing": {"x": {"name": "${var.prefix}-x", "size": "${var.size}"}}},
    "output": {"id": {"value": "${fake_thing.x.id}"}, "name": {"value": "${fake_thing.x.name}"}}})");
}

}  // namespace

TEST_CASE("a child module's resources take its variables from the call") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"m": {"source": "./modules/pair", "prefix": "p", "size": "7"}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "module.m.fake_thing.x");
  REQUIRE(c);
  CHECK(c->action == Action::Create);
  CHECK(c->after["name"] == "p-x");
  CHECK(c->after["size"] == 7);  // converted to the declared type
}

TEST_CASE("the parent reads a child's outputs through module.<name>.<output>") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"m": {"source": "./modules/pair", "prefix": "p"}},
    "resource": {"fake_note": {"n": {"text": "${module.m.name} is ${module.m.id}"}}},
    "output": {"child_id": {"value": "${module.m.id}"}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(is_unknown(find_change(r.plan, "fake_note.n")->after["text"]));
  auto a = f.apply();
  INFO(describe(a.plan.diags));
  REQUIRE(a.ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_note.n", "module.m.fake_thing.x"});
  std::string id = f.object("module.m.fake_thing.x")->attributes["id"];
  CHECK(f.object("fake_note.n")->attributes["text"] == "p-x is " + id);
  REQUIRE(a.outputs.size() == 1);
  CHECK(a.outputs[0].value == id);
  CHECK_FALSE(f.plan().plan.has_changes());
}

TEST_CASE("a missing required module argument is an error naming the module") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"m": {"source": "./modules/pair"}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "Missing required argument \"prefix\""));
}

TEST_CASE("removing a module call deletes the module's resources") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"m": {"source": "./modules/pair", "prefix": "p"}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "delete module.m.fake_thing.x");
  REQUIRE(f.apply().ok);
  CHECK(f.addresses().empty());
  CHECK(f.fake->cloud().empty());
}

TEST_CASE("-target of a module selects every resource in it") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"m": {"source": "./modules/pair", "prefix": "p"}},
    "resource": {"fake_note": {"other": {"text": "t"}}}})");
  RunOptions o;
  o.targets = {"module.m"};
  auto r = f.plan(o);
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create module.m.fake_thing.x");
}

TEST_CASE("a moved block renames a whole module's objects") {
  RunFixture f;
  write_child(f);
  f.config(R"({"module": {"old": {"source": "./modules/pair", "prefix": "p"}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"module": {"new": {"source": "./modules/pair", "prefix": "p"}},
               "moved": {"from": "module.old", "to": "module.new"}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan).empty());
  REQUIRE(f.apply().ok);
  CHECK(f.addresses() == std::vector<std::string>{"module.new.fake_thing.x"});
}

TEST_CASE("replace_triggered_by inside a module names resources of that module") {
  RunFixture f;
  auto child = [&](const std::string& text) {
    f.write("modules/t/main.forma.json", R"({"resource": {
      "fake_note": {"n": {"text": ")" + text + R"("}},
      "fake_thing": {"a": {"name": "a", "lifecycle": {"replace_triggered_by": ["fake_note.n"]}}}}})");
  };
  child("one");
  f.config(R"({"module": {"m": {"source": "./modules/t"}}})");
  REQUIRE(f.apply().ok);
  child("two");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "update module.m.fake_note.n, replace module.m.fake_thing.a");
  CHECK(find_change(r.plan, "module.m.fake_thing.a")->reason == "replace_triggered_by");
}
