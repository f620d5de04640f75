// The config blocks that steer a plan beyond plain resources: moved, removed,
// import, check, preconditions and postconditions.
#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

TEST_CASE("a moved block renames the object in state instead of replacing it") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"count": 2, "name": "n"}}}})");
  REQUIRE(f.apply().ok);
  auto old_id = f.object("fake_thing.a[1]")->attributes["id"];
  f.config(R"({"resource": {"fake_thing": {"b": {"count": 2, "name": "n"}}},
               "moved": {"from": "fake_thing.a", "to": "fake_thing.b"}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan).empty());
  CHECK(action_of(r.plan, "fake_thing.b[1]") == Action::NoOp);
  REQUIRE(r.plan.drift.size() == 1);
  CHECK(r.plan.drift[0] == "fake_thing.a has moved to fake_thing.b");
  CHECK_FALSE(r.plan.has_changes());
  CHECK(r.plan.state_updates == 2);  // an apply renames both in state

  REQUIRE(f.apply().ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.b[0]", "fake_thing.b[1]"});
  CHECK(f.object("fake_thing.b[1]")->attributes["id"] == old_id);
  CHECK(f.fake->cloud().size() == 2);
  r = f.plan();
  CHECK_FALSE(r.plan.has_changes());
  CHECK(r.plan.state_updates == 0);
}

TEST_CASE("a moved block of one instance moves only that instance") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"count": 2, "name": "n"}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "n"}}},
               "moved": {"from": "fake_thing.a[0]", "to": "fake_thing.a"}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "delete fake_thing.a[1]");
}

TEST_CASE("a removed block with destroy false forgets the object and leaves it in the cloud") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}, "b": {"name": "b"}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}},
               "removed": {"from": "fake_thing.b", "lifecycle": {"destroy": false}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "forget fake_thing.b");
  f.fake->clear_calls();
  REQUIRE(f.apply().ok);
  CHECK(f.fake->calls("apply_resource").empty());
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a"});
  CHECK(f.fake->cloud().size() == 2);
}

TEST_CASE("an import block adopts an existing object into state") {
  RunFixture f;
  f.fake->put_object("existing-1", {"fake_thing", "", json{{"name", "a"}, {"size", 3}, {"tags", nullptr},
                                                          {"secret", nullptr}, {"id", "existing-1"}}});
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 3}}},
               "import": {"to": "fake_thing.a", "id": "existing-1"}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::NoOp);
  CHECK(c->reason == "import");
  CHECK(r.plan.state_updates == 1);  // importing writes state
  auto a = f.apply();
  INFO(describe(a.plan.diags));
  REQUIRE(a.ok);
  CHECK(f.fake->calls("apply_resource").empty());
  REQUIRE(f.object("fake_thing.a"));
  CHECK(f.object("fake_thing.a")->attributes["id"] == "existing-1");
  // Imported once: the next plan neither imports again nor changes anything.
  f.fake->clear_calls();
  r = f.plan();
  CHECK(f.fake->calls("import_resource").empty());
  CHECK_FALSE(r.plan.has_changes());
  CHECK(r.plan.state_updates == 0);
}

TEST_CASE("an import whose config differs from the object plans an update of the imported object") {
  RunFixture f;
  f.fake->put_object("existing-1", {"fake_thing", "", json{{"name", "a"}, {"size", 3}, {"tags", nullptr},
                                                          {"secret", nullptr}, {"id", "existing-1"}}});
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 4}}},
               "import": {"to": "fake_thing.a", "id": "existing-1"}})");
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(action_of(r.plan, "fake_thing.a") == Action::Update);
  REQUIRE(f.apply().ok);
  CHECK(f.fake->cloud().at("existing-1").attributes["size"] == 4);
  CHECK(f.object("fake_thing.a")->attributes["id"] == "existing-1");
}

TEST_CASE("an import of an id the provider does not know is an error at the import block") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}},
               "import": {"to": "fake_thing.a", "id": "nope"}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  REQUIRE(mentions(r.plan.diags, "Cannot import fake_thing.a"));
  CHECK(r.plan.diags.at(0).json_path.rfind("/import", 0) == 0);
}

TEST_CASE("a failing check block is a warning: the plan still succeeds") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 1}}},
    "check": {"big": {"assert": [{"condition": "${fake_thing.a.size > 5}", "error_message": "a is too small"}]},
              "later": {"assert": [{"condition": "${fake_thing.a.id != \"\"}", "error_message": "no id"}]}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  REQUIRE(r.plan.checks.size() == 2);
  for (const auto& c : r.plan.checks) {
    if (c.name == "check.big") {
      CHECK_FALSE(c.passed);
      CHECK(c.message == "a is too small");
    } else {
      CHECK(c.name == "check.later");
      CHECK(c.unknown);  // the id is known only after apply
    }
  }
  CHECK(f.apply().ok);
}

TEST_CASE("a false precondition stops the resource with its error message") {
  RunFixture f;
  f.config(R"({"variable": {"n": {"type": "number", "default": 0}},
    "resource": {"fake_thing": {"a": {"name": "a", "lifecycle": {
      "precondition": {"condition": "${var.n > 0}", "error_message": "n must be positive"}}}}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  REQUIRE(mentions(r.plan.diags, "n must be positive"));
  CHECK(r.plan.diags.at(0).range.known());
  f.variables["n"] = 2;
  CHECK(f.plan().ok);
}

TEST_CASE("a false postcondition fails the resource after it is created and stops its dependents") {
  RunFixture f;
  f.config(R"({"resource": {
    "fake_thing": {"a": {"name": "a", "size": 20, "lifecycle": {
      "postcondition": {"condition": "${self.size < 10}", "error_message": "a is too big"}}}},
    "fake_note": {"n": {"text": "${fake_thing.a.id}"}}}})");
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "a is too big"));
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a"});  // created, recorded, but n never started
}
