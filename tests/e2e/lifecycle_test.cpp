// The whole forma binary against the test provider: plan, apply, no-op plan,
// a single change, destroy, with the provider's cloud_db as the witness.
#include <catch2/catch.hpp>

#include "tests/e2e/harness.h"

using namespace forma::e2e;

namespace {

std::string config(const std::string& cloud_db, const std::string& x = "1", int count = 3) {
  return R"({
  // a comment, as users write them
  "provider": { "test": { "cloud_db": ")" + cloud_db + R"(" } },
  "resource": {
    "test_null": {
      "a": { "triggers": { "x": ")" + x + R"(" } },
      "b": { "count": )" + std::to_string(count) + R"(, "triggers": { "a": "${test_null.a.id}" } }
    },
    "test_file": { "f": { "path": "${path.module}/out.txt", "content": "hello ${test_null.a.id}" } }
  },
  "output": { "first": { "value": "${test_null.b[0].id}" } }
})";
}

}  // namespace

TEST_CASE("plan, apply, a second plan with no changes, one change, destroy") {
  Workspace ws;
  ws.write("main.forma.json", config(ws.path("cloud.db")));

  auto plan = ws.forma({"plan", "-no-color"});
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("Plan: 5 to add, 0 to change, 0 to destroy.") != std::string::npos);
  CHECK_FALSE(ws.exists("forma.state.db"));  // plan never creates state

  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(apply.out.find("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.") != std::string::npos);
  CHECK(live(ws) == 5);
  CHECK(ws.read("out.txt").rfind("hello ", 0) == 0);

  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("No changes.") != std::string::npos);

  ws.write("main.forma.json", config(ws.path("cloud.db"), "1", 2));
  auto shrink = ws.forma({"plan", "-detailed-exitcode", "-no-color"});
  CHECK(shrink.exit_code == 2);
  CHECK(shrink.out.find("Plan: 0 to add, 0 to change, 1 to destroy.") != std::string::npos);
  CHECK(shrink.out.find("test_null.b[2] will be destroyed") != std::string::npos);

  ws.write("main.forma.json", config(ws.path("cloud.db"), "1", 3));
  std::string file = ws.read("main.forma.json");
  file.replace(file.find("hello"), 5, "bye");
  ws.write("main.forma.json", file);
  auto one = ws.forma({"plan", "-no-color"});
  CHECK(one.out.find("Plan: 0 to add, 1 to change, 0 to destroy.") != std::string::npos);
  CHECK(one.out.find("test_file.f will be updated in-place") != std::string::npos);

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.err);
  REQUIRE(destroy.exit_code == 0);
  CHECK(destroy.out.find("Destroy complete! Resources: 5 destroyed.") != std::string::npos);
  CHECK(live(ws) == 0);
  CHECK_FALSE(ws.exists("out.txt"));
  CHECK(ws.forma({"state", "list"}).out.empty());
}

TEST_CASE("changing a forcing argument replaces exactly that resource and its dependents") {
  Workspace ws;
  ws.write("main.forma.json", config(ws.path("cloud.db")));
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  ws.write("main.forma.json", config(ws.path("cloud.db"), "2"));
  auto plan = ws.forma({"plan", "-no-color"});
  CHECK(plan.out.find("test_null.a must be replaced") != std::string::npos);
  CHECK(plan.out.find("# forces replacement") != std::string::npos);
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
  REQUIRE(apply.exit_code == 0);
  CHECK(live(ws) == 5);
  auto total = query(ws.path("cloud.db"), "SELECT count(*) FROM objects")[0][0];
  CHECK(total == "9");  // five created, then a and the three b replaced; the file is updated in place
}

TEST_CASE("apply runs independent resources in parallel up to -parallelism") {
  Workspace ws;
  std::string resources;
  for (int i = 0; i < 20; ++i) resources += std::string(i ? "," : "") + "\"n" + std::to_string(i) + "\": {}";
  ws.write("main.forma.json", R"({ "provider": { "test": { "latency_ms": 200, "cloud_db": ")" + ws.path("cloud.db") +
                                  R"(" } }, "resource": { "test_null": { )" + resources + "} } }");
  auto apply = ws.forma({"apply", "-auto-approve", "-parallelism=10"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  std::vector<double> starts;
  for (auto& row : query(ws.path("cloud.db"), "SELECT created_at FROM objects")) starts.push_back(std::stod(row[0]));
  REQUIRE(starts.size() == 20);
  // Ten creates at once, never more: the apply takes about two latencies, not twenty.
  CHECK(max_overlap(starts, 0.2) == 10);
}

TEST_CASE("a saved plan applies exactly, and a stale one is refused") {
  Workspace ws;
  ws.write("main.forma.json", config(ws.path("cloud.db")));
  REQUIRE(ws.forma({"plan", "-out=tfplan"}).exit_code == 0);
  auto shown = ws.forma({"show", "-no-color", "tfplan"});
  CHECK(shown.out.find("Plan: 5 to add") != std::string::npos);
  auto apply = ws.forma({"apply", "-no-color", "tfplan"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  auto stale = ws.forma({"apply", "-no-color", "tfplan"});
  CHECK(stale.exit_code == 1);
  CHECK(stale.err.find("The saved plan is stale") != std::string::npos);
}

TEST_CASE("apply without a terminal and without -auto-approve changes nothing") {
  Workspace ws;
  ws.write("main.forma.json", config(ws.path("cloud.db")));
  auto r = ws.forma({"apply", "-no-color"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("-auto-approve") != std::string::npos);
  CHECK(live(ws) == 0);
  CHECK(ws.forma({"state", "list"}).out.empty());
}

TEST_CASE("a failing resource stops its dependents and lets the rest finish") {
  Workspace ws;
  ws.write("main.forma.json", R"({ "provider": { "test": { "fail_on": ["bad"], "cloud_db": ")" + ws.path("cloud.db") + R"(" } },
    "resource": { "test_null": { "bad": {}, "child": { "triggers": { "p": "${test_null.bad.id}" } }, "fine": {} } } })");
  auto r = ws.forma({"apply", "-auto-approve", "-no-color"});
  CHECK(r.exit_code == 1);
  auto list = ws.forma({"state", "list"});
  CHECK(list.out == "test_null.fine\n");
  CHECK(live(ws) == 1);
}
