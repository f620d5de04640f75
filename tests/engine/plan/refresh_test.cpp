// Refresh (reading each object before planning) and reconciliation of rows
// that an interrupted apply left in state as creating or deleting.
#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

const char* kThing = R"({"resource": {"fake_thing": {"a": {"name": "a", "size": 1}}}})";

bool noted(const ResourceChange* c, const std::string& text) {
  if (!c) return false;
  for (const auto& n : c->notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

// An applied fake_thing.a, then its row rewritten as an interrupted create:
// attributes as planned (id unknown) and the creation token of the create.
state::ResourceObject interrupted_create(RunFixture& f) {
  auto obj = *f.object("fake_thing.a");
  obj.status = state::ResourceStatus::Creating;
  obj.creation_token = f.fake->cloud().begin()->second.token;
  obj.attributes["id"] = unknown_value();
  REQUIRE(f.store().put(obj));
  return obj;
}

}  // namespace

TEST_CASE("refresh notes an object changed outside forma and plans to change it back") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  auto [id, obj] = *f.fake->cloud().begin();
  obj.attributes["size"] = 9;
  f.fake->put_object(id, obj);
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(r.plan.drift == std::vector<std::string>{"fake_thing.a was changed outside forma"});
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Update);
  CHECK(c->before["size"] == 9);
  CHECK(c->after["size"] == 1);
}

TEST_CASE("refresh finds an object deleted outside forma and plans to create it again") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  f.fake->erase_object(f.fake->cloud().begin()->first);
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  CHECK(c->action == Action::Create);
  CHECK(noted(c, "fake_thing.a was deleted outside forma"));
  REQUIRE(f.apply().ok);
  CHECK(f.fake->cloud().size() == 1);
}

TEST_CASE("an object deleted outside forma and removed from config only leaves state") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  f.fake->erase_object(f.fake->cloud().begin()->first);
  f.config("{}");
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan).empty());
  CHECK(r.plan.state_updates == 1);  // the row goes at apply
  f.fake->clear_calls();
  REQUIRE(f.apply().ok);
  CHECK(f.fake->calls("apply_resource").empty());
  CHECK(f.addresses().empty());
}

TEST_CASE("with refresh off the planner trusts state and reads nothing") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  f.fake->erase_object(f.fake->cloud().begin()->first);
  f.fake->clear_calls();
  RunOptions o;
  o.refresh = false;
  auto r = f.plan(o);
  REQUIRE(r.ok);
  CHECK(f.fake->calls("read_resource").empty());
  CHECK(action_of(r.plan, "fake_thing.a") == Action::NoOp);
}

TEST_CASE("a refresh-only apply records drift in state without changing the object") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  auto [id, obj] = *f.fake->cloud().begin();
  obj.attributes["size"] = 9;
  f.fake->put_object(id, obj);
  f.fake->clear_calls();
  RunOptions o;
  o.refresh_only = true;
  auto r = f.apply(o);
  REQUIRE(r.ok);
  CHECK(f.fake->calls("apply_resource").empty());
  CHECK(f.object("fake_thing.a")->attributes["size"] == 9);
}

TEST_CASE("an interrupted create whose object exists is adopted by its creation token") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  std::string id = f.fake->cloud().begin()->first;
  auto row = interrupted_create(f);
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::NoOp);
  CHECK(noted(c, "the object is adopted"));
  CHECK(r.plan.state_updates == 1);
  auto reads = f.fake->calls("read_resource");
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].params["creation_token"] == row.creation_token);

  f.fake->clear_calls();
  REQUIRE(f.apply().ok);
  CHECK(f.fake->calls("apply_resource").empty());  // nothing created twice
  auto adopted = f.object("fake_thing.a");
  REQUIRE(adopted);
  CHECK(adopted->status == state::ResourceStatus::Created);
  CHECK(adopted->attributes["id"] == id);
  CHECK(f.fake->cloud().size() == 1);
}

TEST_CASE("an interrupted create that left nothing behind is created again with the same token") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  auto row = interrupted_create(f);
  f.fake->erase_object(f.fake->cloud().begin()->first);
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::Create);
  CHECK(noted(c, "left nothing behind"));
  f.fake->clear_calls();
  REQUIRE(f.apply().ok);
  auto creates = f.fake->calls("apply_resource");
  REQUIRE(creates.size() == 1);
  CHECK(creates[0].params["creation_token"] == row.creation_token);
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Created);
  CHECK(f.fake->cloud().size() == 1);
}

TEST_CASE("an interrupted delete whose object is gone only leaves state") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  auto obj = *f.object("fake_thing.a");
  obj.status = state::ResourceStatus::Deleting;
  REQUIRE(f.store().put(obj));
  f.fake->erase_object(f.fake->cloud().begin()->first);
  f.config("{}");
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan).empty());
  REQUIRE(f.apply().ok);
  CHECK(f.addresses().empty());
}

TEST_CASE("an interrupted delete whose object survived is kept and marked created again") {
  RunFixture f;
  f.config(kThing);
  REQUIRE(f.apply().ok);
  auto obj = *f.object("fake_thing.a");
  obj.status = state::ResourceStatus::Deleting;
  REQUIRE(f.store().put(obj));
  auto r = f.plan();
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(c->action == Action::NoOp);
  CHECK(noted(c, "left the object in place"));
  CHECK(r.plan.state_updates == 1);  // the row must be set back to created
  REQUIRE(f.apply().ok);
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Created);
}

TEST_CASE("a read-only attribute changed by the cloud is recorded, but is neither drift nor a change") {
  RunFixture f;
  f.config(R"({"resource": {"fake_pool": {"p": {"size": 2}}}})");
  REQUIRE(f.apply().ok);
  auto [id, obj] = *f.fake->cloud().begin();
  obj.attributes["nodes"] = pool_nodes(id, 3);  // the pool grew by itself
  f.fake->put_object(id, obj);
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(r.plan.drift.empty());
  CHECK(action_of(r.plan, "fake_pool.p") == Action::NoOp);
  CHECK_FALSE(r.plan.has_changes());
  REQUIRE(f.apply().ok);
  CHECK(f.object("fake_pool.p")->attributes["nodes"].size() == 3);
}
