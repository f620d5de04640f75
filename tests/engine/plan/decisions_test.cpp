// What the planner decides for each instance: create, update, replace,
// delete or nothing, and why.
#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

std::string thing(const std::string& name, int size) {
  return R"({"resource": {"fake_thing": {"a": {"name": ")" + name + R"(", "size": )" + std::to_string(size) + "}}}}";
}

}  // namespace

TEST_CASE("a new resource is planned as a create with its computed id unknown") {
  RunFixture f;
  f.config(thing("a", 1));
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Create);
  CHECK(c->before.is_null());
  CHECK(c->after["name"] == "a");
  CHECK(is_unknown(c->after["id"]));
  CHECK(f.fake->calls("apply_resource").empty());  // planning changes nothing
  CHECK(f.addresses().empty());
}

TEST_CASE("an applied resource whose config is unchanged plans no changes") {
  RunFixture f;
  f.config(thing("a", 1));
  REQUIRE(f.apply().ok);
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(action_of(r.plan, "fake_thing.a") == Action::NoOp);
  CHECK_FALSE(r.plan.has_changes());
}

TEST_CASE("a provider whose plan_resource validates is not also sent validate_resource") {
  RunFixture f;
  f.config(thing("a", 1));
  REQUIRE(f.plan().ok);
  CHECK(f.fake->calls("validate_resource").size() == 1);
  f.fake->clear_calls();
  f.fake->plan_validates = true;
  REQUIRE(f.plan().ok);
  CHECK(f.fake->calls("validate_resource").empty());
  CHECK(f.fake->calls("plan_resource").size() == 1);
}

TEST_CASE("changing an updatable argument plans an in-place update that keeps the id") {
  RunFixture f;
  f.config(thing("a", 1));
  REQUIRE(f.apply().ok);
  std::string id = f.object("fake_thing.a")->attributes["id"];
  f.config(thing("a", 2));
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Update);
  CHECK(c->requires_replace.empty());
  CHECK(c->after["id"] == id);
  CHECK(c->after["size"] == 2);
  REQUIRE(f.apply().ok);
  CHECK(f.object("fake_thing.a")->attributes["size"] == 2);
  CHECK(f.fake->cloud().at(id).attributes["size"] == 2);
}

TEST_CASE("changing a forcing argument plans a replacement naming that argument") {
  RunFixture f;
  f.config(thing("a", 1));
  REQUIRE(f.apply().ok);
  f.config(thing("b", 2));
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Replace);
  CHECK(c->requires_replace == std::vector<std::string>{"/name"});
  CHECK(is_unknown(c->after["id"]));
  f.fake->clear_calls();
  REQUIRE(f.apply().ok);
  // Without create_before_destroy the old object goes first.
  CHECK(f.fake->apply_log() == std::vector<std::string>{"delete fake_thing.a", "create fake_thing.a"});
  CHECK(f.object("fake_thing.a")->attributes["name"] == "b");
  CHECK(f.fake->cloud().size() == 1);
}

TEST_CASE("a resource whose block is removed is deleted as no longer in config") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}, "b": {"name": "b"}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.b");
  REQUIRE(c);
  CHECK(c->action == Action::Delete);
  CHECK(c->reason == "no longer in config");
  CHECK(c->after.is_null());
  CHECK(action_of(r.plan, "fake_thing.a") == Action::NoOp);
  REQUIRE(f.apply().ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a"});
  CHECK(f.fake->cloud().size() == 1);
}

TEST_CASE("an unknown id flows through references and is known after apply") {
  RunFixture f;
  f.config(R"({"resource": {
    "fake_thing": {"a": {"name": "a"}},
    "fake_note": {"n": {"text": "a is ${fake_thing.a.id}"}}},
    "locals": {"copy": "${fake_note.n.text}"},
    "output": {"text": {"value": "${local.copy}"}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* n = find_change(r.plan, "fake_note.n");
  REQUIRE(n);
  CHECK(n->action == Action::Create);
  CHECK(is_unknown(n->after["text"]));
  REQUIRE(r.plan.outputs.size() == 1);
  CHECK(is_unknown(r.plan.outputs[0].after));
  auto a = f.apply();
  REQUIRE(a.ok);
  std::string id = f.object("fake_thing.a")->attributes["id"];
  CHECK(f.object("fake_note.n")->attributes["text"] == "a is " + id);
  REQUIRE(a.outputs.size() == 1);
  CHECK(a.outputs[0].value == "a is " + id);
}

TEST_CASE("count expands to numbered instances, and shrinking it deletes the extra ones") {
  RunFixture f;
  auto config = [](int n) {
    return R"({"resource": {"fake_thing": {"a": {"count": )" + std::to_string(n) + R"(, "name": "n-${count.index}"}}}})";
  };
  f.config(config(3));
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create fake_thing.a[0], create fake_thing.a[1], create fake_thing.a[2]");
  CHECK(find_change(r.plan, "fake_thing.a[2]")->after["name"] == "n-2");
  REQUIRE(f.apply().ok);
  f.config(config(1));
  r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "delete fake_thing.a[1], delete fake_thing.a[2]");
  CHECK(find_change(r.plan, "fake_thing.a[1]")->reason == "no longer in count or for_each");
  REQUIRE(f.apply().ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a[0]"});
}

TEST_CASE("for_each instances are keyed by the map's keys, and a removed key is deleted") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"for_each": {"x": 1, "y": 2}, "name": "${each.key}", "size": "${each.value}"}}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == R"(create fake_thing.a["x"], create fake_thing.a["y"])");
  CHECK(find_change(r.plan, R"(fake_thing.a["y"])")->after["size"] == 2);
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"for_each": ["y"], "name": "${each.key}", "size": 2}}}})");
  r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == R"(delete fake_thing.a["x"])");
}

TEST_CASE("a count that depends on an unknown value is an error naming the argument") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}},
    "fake_note": {"n": {"count": "${length(fake_thing.a.id)}", "text": "t"}}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "known only after apply"));
}

TEST_CASE("a tainted instance is planned for replacement with the reason tainted") {
  RunFixture f;
  f.config(thing("a", 1));
  REQUIRE(f.apply().ok);
  auto obj = *f.object("fake_thing.a");
  obj.status = state::ResourceStatus::Tainted;
  REQUIRE(f.store().put(obj));
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Replace);
  CHECK(c->reason == "tainted");
  CHECK(is_unknown(c->after["id"]));
  REQUIRE(f.apply().ok);
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Created);
  CHECK(f.object("fake_thing.a")->attributes["id"] != obj.attributes["id"]);
}

TEST_CASE("-replace replaces only the named instance") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"count": 2, "name": "n"}}}})");
  REQUIRE(f.apply().ok);
  RunOptions o;
  o.replace = {"fake_thing.a[1]"};
  auto r = f.plan(o);
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "replace fake_thing.a[1]");
  CHECK(find_change(r.plan, "fake_thing.a[1]")->reason == "requested with -replace");
}

TEST_CASE("ignore_changes keeps the prior value of the ignored arguments") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 1, "tags": {"k": "v"},
    "lifecycle": {"ignore_changes": ["size"]}}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 5, "tags": {"k": "v"},
    "lifecycle": {"ignore_changes": ["size"]}}}}})");
  CHECK(action_of(f.plan().plan, "fake_thing.a") == Action::NoOp);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 5, "tags": {"k": "w"},
    "lifecycle": {"ignore_changes": ["size"]}}}}})");
  auto r = f.plan();
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Update);
  CHECK(c->after["size"] == 1);
  CHECK(c->after["tags"]["k"] == "w");
}

TEST_CASE("ignore_changes all keeps every prior argument") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 1, "lifecycle": {"ignore_changes": "all"}}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "b", "size": 2, "lifecycle": {"ignore_changes": "all"}}}}})");
  CHECK(action_of(f.plan().plan, "fake_thing.a") == Action::NoOp);
}

TEST_CASE("prevent_destroy refuses a plan that would replace the object") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "lifecycle": {"prevent_destroy": true}}}}})");
  REQUIRE(f.apply().ok);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "b", "lifecycle": {"prevent_destroy": true}}}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  REQUIRE(mentions(r.plan.diags, "prevent_destroy"));
  CHECK(r.plan.diags.at(0).summary == "Instance cannot be destroyed");
  CHECK(r.plan.diags.at(0).range.known());
}

TEST_CASE("prevent_destroy refuses a destroy plan") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "lifecycle": {"prevent_destroy": true}}}}})");
  REQUIRE(f.apply().ok);
  RunOptions o;
  o.destroy = true;
  auto r = f.apply(o);
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "prevent_destroy"));
  CHECK(f.fake->calls("apply_resource").size() == 1);  // only the create
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a"});
}

TEST_CASE("replace_triggered_by replaces a resource when the one it names changes") {
  auto config = [](const std::string& text, const std::string& trigger) {
    return R"({"resource": {"fake_note": {"n": {"text": ")" + text + R"("}},
      "fake_thing": {"a": {"name": "a", "lifecycle": {"replace_triggered_by": [")" + trigger + R"("]}}}}})";
  };
  // Both forms name the same resource: the whole resource, or one of its attributes.
  auto trigger = GENERATE(std::string("fake_note.n"), std::string("fake_note.n.text"));
  INFO(trigger);
  RunFixture f;
  f.config(config("one", trigger));
  REQUIRE(f.apply().ok);
  f.config(config("one", trigger));
  CHECK_FALSE(f.plan().plan.has_changes());
  f.config(config("two", trigger));
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(action_of(r.plan, "fake_note.n") == Action::Update);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Replace);
  CHECK(c->reason == "replace_triggered_by");
  REQUIRE(f.apply().ok);
}

TEST_CASE("create_before_destroy creates the replacement before deleting the old object") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "lifecycle": {"create_before_destroy": true}}}}})");
  REQUIRE(f.apply().ok);
  std::string old_id = f.object("fake_thing.a")->attributes["id"];
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "b", "lifecycle": {"create_before_destroy": true}}}}})");
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(find_change(r.plan, "fake_thing.a")->create_before_destroy);
  f.fake->clear_calls();
  auto a = f.apply();
  INFO(describe(a.plan.diags));
  REQUIRE(a.ok);
  auto applies = f.fake->calls("apply_resource");
  CHECK(f.fake->apply_log() == std::vector<std::string>{"create fake_thing.a", "delete fake_thing.a"});
  REQUIRE(applies.size() == 2);
  auto create = applies[0].apply_kind() == "create" ? applies[0] : applies[1];
  auto destroy = applies[0].apply_kind() == "delete" ? applies[0] : applies[1];
  CHECK(destroy.params["prior_state"]["id"] == old_id);  // the delete is of the old object
  CHECK(create.end <= destroy.start);  // the create finished before the delete started
  CHECK(f.object("fake_thing.a")->attributes["name"] == "b");
  CHECK(f.store().resources().size() == 1);  // the deposed object is gone
  CHECK(f.fake->cloud().count(old_id) == 0);
}
