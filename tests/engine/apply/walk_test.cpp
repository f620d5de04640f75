// How apply walks the graph: failures stop only dependents, an interrupt
// stops new work, destroy runs in reverse dependency order, and no more
// provider calls run at once than -parallelism allows.
#include <atomic>

#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

std::string independent(int n) {
  std::string body;
  for (int i = 0; i < n; ++i) body += std::string(i ? ", " : "") + "\"r" + std::to_string(i) + "\": {\"name\": \"r\"}";
  return R"({"resource": {"fake_thing": {)" + body + "}}}";
}

const CallRecord* find_call(const std::vector<CallRecord>& calls, const std::string& kind, const std::string& address) {
  for (const auto& c : calls)
    if (c.apply_kind() == kind && c.address() == address) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("a failing resource stops its dependents while independent ones finish") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {
    "a": {"name": "a"},
    "b": {"name": "b-${fake_thing.a.id}"},
    "c": {"name": "c-${fake_thing.b.id}"},
    "solo": {"name": "solo"}}}})");
  f.fake->fail_on = {"fake_thing.a"};
  f.fake->latency_ms = 50;
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "fake refused to create fake_thing.a"));
  auto calls = f.fake->calls("apply_resource");
  CHECK(find_call(calls, "create", "fake_thing.solo"));
  CHECK_FALSE(find_call(calls, "create", "fake_thing.b"));
  CHECK_FALSE(find_call(calls, "create", "fake_thing.c"));
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.solo"});
}

TEST_CASE("an interrupt stops new work and the finished changes stay recorded") {
  RunFixture f;
  f.config(independent(6));
  std::atomic<bool> cancel{false};
  std::atomic<int> started{0};
  f.fake->during_apply = [&](const CallRecord&) {
    if (++started == 2) cancel = true;  // the user presses Ctrl-C during the second create
  };
  RunOptions o;
  o.parallelism = 1;
  o.cancel = &cancel;
  auto r = f.apply(o);
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "Interrupted"));
  CHECK(started == 2);  // nothing started after the interrupt
  CHECK(f.addresses().size() == 2);  // the call in flight finished and was recorded, like the first
  for (const auto& o2 : f.store().resources()) CHECK(o2.status == state::ResourceStatus::Created);
  CHECK(f.fake->cloud().size() == 2);
}

TEST_CASE("after an interrupt the next apply creates the rest") {
  RunFixture f;
  f.config(independent(4));
  std::atomic<bool> cancel{false};
  f.fake->during_apply = [&](const CallRecord&) { cancel = true; };
  RunOptions o;
  o.parallelism = 1;
  o.cancel = &cancel;
  CHECK_FALSE(f.apply(o).ok);
  f.fake->during_apply = nullptr;
  auto r = f.apply();
  REQUIRE(r.ok);
  CHECK(f.addresses().size() == 4);
  CHECK(f.fake->cloud().size() == 4);
}

TEST_CASE("destroy deletes in reverse dependency order") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {
    "a": {"name": "a"},
    "b": {"name": "b-${fake_thing.a.id}"},
    "c": {"name": "c-${fake_thing.b.id}"}}}})");
  REQUIRE(f.apply().ok);
  f.fake->clear_calls();
  RunOptions o;
  o.destroy = true;
  auto r = f.apply(o);
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.fake->apply_log() == std::vector<std::string>{"delete fake_thing.c", "delete fake_thing.b", "delete fake_thing.a"});
  auto calls = f.fake->calls("apply_resource");
  CHECK(find_call(calls, "delete", "fake_thing.c")->end <= find_call(calls, "delete", "fake_thing.b")->start);
  CHECK(find_call(calls, "delete", "fake_thing.b")->end <= find_call(calls, "delete", "fake_thing.a")->start);
  CHECK(f.store().resources().empty());
}

TEST_CASE("resources removed from config are destroyed in reverse order of their recorded dependencies") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {
    "a": {"name": "a"},
    "b": {"name": "b-${fake_thing.a.id}"}}}})");
  REQUIRE(f.apply().ok);
  f.fake->clear_calls();
  f.config("{}");
  REQUIRE(f.apply().ok);
  CHECK(f.fake->apply_log() == std::vector<std::string>{"delete fake_thing.b", "delete fake_thing.a"});
}

TEST_CASE("no more provider calls run at once than -parallelism") {
  auto parallelism = GENERATE(1, 3, 8);
  INFO("parallelism " << parallelism);
  RunFixture f;
  f.config(independent(10));
  f.fake->latency_ms = 60;
  RunOptions o;
  o.parallelism = parallelism;
  REQUIRE(f.apply(o).ok);
  CHECK(f.fake->max_concurrent_applies() == parallelism);
  CHECK(f.addresses().size() == 10);
}

TEST_CASE("orphans whose recorded dependencies form a cycle are still destroyed") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}, "b": {"name": "b"}}}})");
  REQUIRE(f.apply().ok);
  // State edited by hand: a and b each claim to depend on the other.
  for (auto [self, other] : {std::pair{"fake_thing.a", "fake_thing.b"}, std::pair{"fake_thing.b", "fake_thing.a"}}) {
    auto obj = *f.object(self);
    obj.dependencies = {other};
    REQUIRE(f.store().put(obj));
  }
  f.config("{}");
  auto r = f.apply();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.store().resources().empty());
}

TEST_CASE("a destroy of objects whose recorded dependencies form a cycle still finishes") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}, "b": {"name": "b"}}}})");
  REQUIRE(f.apply().ok);
  for (auto [self, other] : {std::pair{"fake_thing.a", "fake_thing.b"}, std::pair{"fake_thing.b", "fake_thing.a"}}) {
    auto obj = *f.object(self);
    obj.dependencies = {other};
    REQUIRE(f.store().put(obj));
  }
  RunOptions o;
  o.destroy = true;
  auto r = f.apply(o);
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.store().resources().empty());
}
