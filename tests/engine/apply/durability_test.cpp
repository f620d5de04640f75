// apply records every step in the state store the moment it happens: an
// intent row before a create, the object as soon as the provider answers.
// The fake's hook runs inside each provider call and looks at the store.
#include <mutex>

#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

// a <- b <- c
const char* kChain = R"({"resource": {"fake_thing": {
  "a": {"name": "a"},
  "b": {"name": "b-${fake_thing.a.id}"},
  "c": {"name": "c-${fake_thing.b.id}"}}}})";

// What the store held while one provider call was in flight.
struct Seen {
  std::string call;  // "create fake_thing.b"
  std::string token;  // the call's creation token
  std::map<std::string, state::ResourceObject> rows;  // by address
};

class StoreWatcher {
 public:
  explicit StoreWatcher(RunFixture& f) {
    f.fake->during_apply = [this, &f](const CallRecord& call) {
      Seen s{call.apply_kind() + " " + call.address(), call.params.value("creation_token", ""), {}};
      for (auto& o : f.store().resources()) s.rows[o.address + (o.deposed.empty() ? "" : " deposed")] = o;
      std::lock_guard lock(mu_);
      seen_.push_back(std::move(s));
    };
  }
  const Seen& during(const std::string& call) const {
    std::lock_guard lock(mu_);
    for (const auto& s : seen_)
      if (s.call == call) return s;
    throw std::runtime_error("no call " + call);
  }

 private:
  mutable std::mutex mu_;
  std::vector<Seen> seen_;
};

}  // namespace

TEST_CASE("each resource is committed to state as soon as its provider call returns") {
  RunFixture f;
  f.config(kChain);
  StoreWatcher watch(f);
  REQUIRE(f.apply().ok);
  // While b was being created, a was already recorded as created, with its real id.
  const auto& b = watch.during("create fake_thing.b");
  REQUIRE(b.rows.count("fake_thing.a"));
  CHECK(b.rows.at("fake_thing.a").status == state::ResourceStatus::Created);
  CHECK(b.rows.at("fake_thing.a").attributes["id"].is_string());
  CHECK_FALSE(b.rows.count("fake_thing.c"));
  const auto& c = watch.during("create fake_thing.c");
  CHECK(c.rows.at("fake_thing.b").status == state::ResourceStatus::Created);
  CHECK(f.store().history().size() == 3);
  CHECK(f.store().serial() == 1);  // one run, one serial
}

TEST_CASE("during a create the state holds an intent row with the creation token") {
  RunFixture f;
  f.config(kChain);
  StoreWatcher watch(f);
  REQUIRE(f.apply().ok);
  const auto& a = watch.during("create fake_thing.a");
  REQUIRE(a.rows.count("fake_thing.a"));
  const auto& intent = a.rows.at("fake_thing.a");
  CHECK(intent.status == state::ResourceStatus::Creating);
  CHECK_FALSE(a.token.empty());
  CHECK(intent.creation_token == a.token);
  CHECK(is_unknown(intent.attributes["id"]));
  // After the call the intent is replaced by the object.
  auto done = f.object("fake_thing.a");
  REQUIRE(done);
  CHECK(done->status == state::ResourceStatus::Created);
  CHECK(done->attributes["id"].is_string());
}

TEST_CASE("during a delete the object's row is marked deleting, and removed after") {
  RunFixture f;
  f.config(kChain);
  REQUIRE(f.apply().ok);
  StoreWatcher watch(f);
  RunOptions o;
  o.destroy = true;
  REQUIRE(f.apply(o).ok);
  const auto& a = watch.during("delete fake_thing.a");
  CHECK(a.rows.at("fake_thing.a").status == state::ResourceStatus::Deleting);
  CHECK(f.store().resources().empty());
}

TEST_CASE("during a create_before_destroy replacement the old object is kept as deposed") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "lifecycle": {"create_before_destroy": true}}}}})");
  REQUIRE(f.apply().ok);
  std::string old_id = f.object("fake_thing.a")->attributes["id"];
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "b", "lifecycle": {"create_before_destroy": true}}}}})");
  StoreWatcher watch(f);
  REQUIRE(f.apply().ok);
  const auto& create = watch.during("create fake_thing.a");
  REQUIRE(create.rows.count("fake_thing.a deposed"));
  CHECK(create.rows.at("fake_thing.a deposed").attributes["id"] == old_id);
  CHECK(create.rows.at("fake_thing.a").status == state::ResourceStatus::Creating);
  const auto& destroy = watch.during("delete fake_thing.a");
  CHECK(destroy.rows.at("fake_thing.a").status == state::ResourceStatus::Created);
  CHECK(destroy.rows.at("fake_thing.a deposed").status == state::ResourceStatus::Deleting);
}

TEST_CASE("a create that fails after leaving an object behind records it tainted") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}}})");
  f.fake->fail_after_create = {"fake_thing.a"};
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "fake created fake_thing.a but it is broken"));
  auto row = f.object("fake_thing.a");
  REQUIRE(row);
  CHECK(row->status == state::ResourceStatus::Tainted);
  f.fake->fail_after_create.clear();
  auto p = f.plan();
  CHECK(action_of(p.plan, "fake_thing.a") == Action::Replace);
}

TEST_CASE("a create the provider refuses leaves no row behind") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}}})");
  f.fake->fail_on = {"fake_thing.a"};
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(f.store().resources().empty());
  CHECK(f.fake->cloud().empty());
}

TEST_CASE("a create answered with a new_state that is not an object keeps its intent row and is adopted next run") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}}})");
  f.fake->garbled_new_state = {"fake_thing.a"};
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "answered apply_resource with a new_state that is not an object"));
  auto row = f.object("fake_thing.a");
  REQUIRE(row);
  CHECK(row->status == state::ResourceStatus::Creating);  // the object may exist: found by its token later
  REQUIRE(f.fake->cloud().size() == 1);
  f.fake->garbled_new_state.clear();
  REQUIRE(f.apply().ok);
  row = f.object("fake_thing.a");
  REQUIRE(row);
  CHECK(row->status == state::ResourceStatus::Created);
  CHECK(f.fake->cloud().size() == 1);  // adopted, not created twice
}
