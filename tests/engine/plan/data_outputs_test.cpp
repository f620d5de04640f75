// Data sources (read at plan time when they can be), outputs and sensitive values.
#include <algorithm>
#include <mutex>

#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

const OutputChange* output(const Plan& p, const std::string& name) {
  for (const auto& o : p.outputs)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("a data source whose arguments are known is read while planning") {
  RunFixture f;
  f.fake->set_lookup("k", "looked-up");
  f.config(R"({"data": {"fake_lookup": {"l": {"key": "k"}}},
    "resource": {"fake_thing": {"a": {"name": "${data.fake_lookup.l.value}"}}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.fake->calls("read_data").size() == 1);
  CHECK(find_change(r.plan, "fake_thing.a")->after["name"] == "looked-up");
  CHECK(action_of(r.plan, "data.fake_lookup.l") == Action::NoOp);
}

TEST_CASE("a data source that depends on unknown values is read during apply") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}},
                            "fake_note": {"n": {"text": "${data.fake_lookup.l.value}"}}},
    "data": {"fake_lookup": {"l": {"key": "${fake_thing.a.id}"}}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(f.fake->calls("read_data").empty());
  const auto* d = find_change(r.plan, "data.fake_lookup.l");
  REQUIRE(d);
  CHECK(d->action == Action::Read);
  CHECK(d->reason.find("known only after apply") != std::string::npos);
  CHECK(is_unknown(find_change(r.plan, "fake_note.n")->after["text"]));

  REQUIRE(f.apply().ok);
  auto reads = f.fake->calls("read_data");
  REQUIRE(reads.size() == 1);
  std::string id = f.object("fake_thing.a")->attributes["id"];
  CHECK(reads[0].params["config"]["key"] == id);
  CHECK(f.object("fake_note.n")->attributes["text"] == "value-of-" + id);
}

TEST_CASE("a data source read during apply is reported to the observer as it happens") {
  struct Recorder : RunObserver {
    std::mutex mu;
    std::vector<std::string> events;
    void change_started(const ResourceChange& c) override { add("start " + c.address + " " + to_string(c.action)); }
    void change_finished(const ResourceChange& c, double, const std::string&) override { add("done " + c.address); }
    void change_failed(const ResourceChange& c, double) override { add("failed " + c.address); }
    void add(const std::string& e) {
      std::lock_guard lock(mu);
      events.push_back(e);
    }
  } recorder;
  RunFixture f;
  f.observer = &recorder;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}},
    "data": {"fake_lookup": {"l": {"key": "${fake_thing.a.id}"}, "now": {"key": "k"}}}})");
  REQUIRE(f.apply().ok);
  // Only the read the plan deferred is reported; the one read while planning is not a change.
  CHECK(recorder.events == std::vector<std::string>{"start fake_thing.a create", "done fake_thing.a",
                                                    "start data.fake_lookup.l read", "done data.fake_lookup.l"});
}

TEST_CASE("outputs are planned as created, unchanged, updated and deleted") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}},
    "output": {"name": {"value": "${fake_thing.a.name}"}, "fixed": {"value": "x"}, "gone": {"value": 1}}})");
  auto r = f.plan();
  REQUIRE(r.ok);
  REQUIRE(output(r.plan, "name"));
  CHECK(output(r.plan, "name")->action == Action::Create);
  REQUIRE(f.apply().ok);

  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a"}}},
    "output": {"name": {"value": "${fake_thing.a.name}!"}, "fixed": {"value": "x"}}})");
  r = f.plan();
  REQUIRE(r.ok);
  CHECK(output(r.plan, "fixed")->action == Action::NoOp);
  CHECK(output(r.plan, "name")->action == Action::Update);
  CHECK(output(r.plan, "name")->before == "a");
  CHECK(output(r.plan, "name")->after == "a!");
  REQUIRE(output(r.plan, "gone"));
  CHECK(output(r.plan, "gone")->action == Action::Delete);
  CHECK(r.plan.has_changes());
}

TEST_CASE("an output of a sensitive variable must be marked sensitive") {
  RunFixture f;
  f.config(R"({"variable": {"pw": {"type": "string", "sensitive": true, "default": "hunter2"}},
    "output": {"pw": {"value": "${var.pw}"}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "Output refers to sensitive values"));

  f.config(R"({"variable": {"pw": {"type": "string", "sensitive": true, "default": "hunter2"}},
    "output": {"pw": {"value": "${var.pw}", "sensitive": true}}})");
  r = f.plan();
  REQUIRE(r.ok);
  REQUIRE(output(r.plan, "pw"));
  CHECK(output(r.plan, "pw")->sensitive);
}

TEST_CASE("a sensitive variable marks the attribute paths it reaches as sensitive") {
  RunFixture f;
  f.config(R"({"variable": {"pw": {"type": "string", "sensitive": true, "default": "hunter2"}},
    "resource": {"fake_thing": {"a": {"name": "a", "tags": {"pw": "${var.pw}", "plain": "p"}}}}})");
  auto r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  const auto* c = find_change(r.plan, "fake_thing.a");
  REQUIRE(c);
  CHECK(has(c->sensitive_paths, "/tags/pw"));
  CHECK(has(c->sensitive_paths, "/secret"));  // sensitive in the schema
  CHECK_FALSE(has(c->sensitive_paths, "/tags/plain"));
  CHECK_FALSE(has(c->sensitive_paths, "/name"));
  REQUIRE(f.apply().ok);
  CHECK(has(f.object("fake_thing.a")->sensitive_paths, "/tags/pw"));
}

TEST_CASE("a reference to a sensitive attribute keeps it sensitive downstream") {
  RunFixture f;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "secret": "s3cret"}},
    "fake_note": {"n": {"text": "${fake_thing.a.secret}"}}},
    "output": {"leak": {"value": "${fake_thing.a.secret}"}}})");
  auto r = f.plan();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "Output refers to sensitive values"));

  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a", "secret": "s3cret"}},
    "fake_note": {"n": {"text": "${fake_thing.a.secret}"}}}})");
  r = f.plan();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  CHECK(has(find_change(r.plan, "fake_note.n")->sensitive_paths, "/text"));
}
