// -target (a resource and what it depends on) and -exclude (not a resource
// nor what depends on it).
#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

// a <- b <- c, and d on its own.
const char* kChain = R"({"resource": {"fake_thing": {
  "a": {"name": "a"},
  "b": {"name": "b-${fake_thing.a.id}"},
  "c": {"name": "c-${fake_thing.b.id}"},
  "d": {"name": "d"}}}})";

RunOptions targeting(std::vector<std::string> targets, std::vector<std::string> excludes = {}) {
  RunOptions o;
  o.targets = std::move(targets);
  o.excludes = std::move(excludes);
  return o;
}

}  // namespace

TEST_CASE("-target plans the resource and everything it depends on, nothing else") {
  RunFixture f;
  f.config(kChain);
  auto r = f.plan(targeting({"fake_thing.b"}));
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create fake_thing.a, create fake_thing.b");
}

TEST_CASE("an apply with -target creates only the targeted part; the next plan has the rest") {
  RunFixture f;
  f.config(kChain);
  REQUIRE(f.apply(targeting({"fake_thing.c"})).ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a", "fake_thing.b", "fake_thing.c"});
  auto r = f.plan();
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create fake_thing.d");
}

TEST_CASE("-exclude leaves out the resource and everything that depends on it") {
  RunFixture f;
  f.config(kChain);
  auto r = f.plan(targeting({}, {"fake_thing.b"}));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create fake_thing.a, create fake_thing.d");
}

TEST_CASE("-target and -exclude together: the targets' dependencies minus the excluded") {
  RunFixture f;
  f.config(kChain);
  auto r = f.plan(targeting({"fake_thing.c", "fake_thing.d"}, {"fake_thing.c"}));
  REQUIRE(r.ok);
  CHECK(summary(r.plan) == "create fake_thing.a, create fake_thing.b, create fake_thing.d");
}

TEST_CASE("-target of an instance address selects its resource") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"count": 2, "name": "n"}, "b": {"name": "b"}}}})");
  auto r = f.plan(targeting({"fake_thing.a[1]"}));
  REQUIRE(r.ok);
  CHECK(action_of(r.plan, "fake_thing.b") == Action::NoOp);
  CHECK(action_of(r.plan, "fake_thing.a[1]") == Action::Create);
}

TEST_CASE("a -target that matches nothing is an error naming it") {
  RunFixture f;
  f.config(kChain);
  auto r = f.plan(targeting({"fake_thing.zzz"}));
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "No resource matches -target \"fake_thing.zzz\""));
}

TEST_CASE("a destroy with -exclude keeps the excluded resource and what it depends on") {
  RunFixture f;
  f.config(kChain);
  REQUIRE(f.apply().ok);
  RunOptions o = targeting({}, {"fake_thing.b"});
  o.destroy = true;
  auto r = f.apply(o);
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.addresses() == std::vector<std::string>{"fake_thing.a", "fake_thing.b"});
}
