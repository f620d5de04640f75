// The config features end to end, through the real forma binary and the test
// provider: modules, import (block and command), moved blocks, taint,
// state rm, and two applies racing for the state lock.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/e2e/harness.h"
#include "tests/text_support.h"

using namespace forma::e2e;

namespace {

using forma::testing::contains;

std::string provider(const Workspace& ws, int latency_ms = 0) {
  return R"("provider": {"test": {"cloud_db": ")" + ws.path("cloud.db") + R"(", "latency_ms": )" +
         std::to_string(latency_ms) + "}}";
}

int total(const Workspace& ws) { return std::stoi(query(ws.path("cloud.db"), "SELECT count(*) FROM objects")[0][0]); }

// The id of the one live test_null object in the cloud.
std::string only_id(const Workspace& ws) {
  auto rows = query(ws.path("cloud.db"), "SELECT id FROM objects WHERE deleted_at IS NULL AND type = 'test_null'");
  return rows.size() == 1 ? rows[0][0] : "";
}

}  // namespace

TEST_CASE("a local child module takes inputs and gives outputs to the root") {
  Workspace ws;
  ws.write("modules/node/main.forma.json", R"({
    "variable": {"role": {"type": "string"}},
    "resource": {"test_null": {"n": {"triggers": {"role": "${var.role}"}}}},
    "output": {"id": {"value": "${test_null.n.id}"}, "role": {"value": "${test_null.n.triggers.role}"}}})");
  ws.write("main.forma.json", "{" + provider(ws) + R"(,
    "module": {"head": {"source": "./modules/node", "role": "head"}},
    "resource": {"test_null": {"user": {"triggers": {"head": "${module.head.id}"}}}},
    "output": {"head_role": {"value": "${module.head.role}"}, "head_id": {"value": "${module.head.id}"}}})");
  auto plan = ws.forma({"plan", "-no-color"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(contains(plan.out, "module.head.test_null.n will be created"));
  CHECK(contains(plan.out, "Plan: 2 to add"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(ws.forma({"state", "list"}).out == "module.head.test_null.n\ntest_null.user\n");
  CHECK(ws.forma({"output", "-raw", "head_role"}).out == "head");
  std::string head_id = ws.forma({"output", "-raw", "head_id"}).out;
  CHECK_FALSE(head_id.empty());
  auto user = query(ws.path("cloud.db"), "SELECT attributes FROM objects WHERE id != '" + head_id + "'");
  REQUIRE(user.size() == 1);
  CHECK(contains(user[0][0], head_id));
  CHECK(ws.forma({"plan", "-detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("state rm forgets an object, and the next plan creates it again") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"a": {}}}})");
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  auto rm = ws.forma({"state", "rm", "test_null.a"});
  INFO(rm.err);
  REQUIRE(rm.exit_code == 0);
  CHECK(ws.forma({"state", "list"}).out.empty());
  CHECK(live(ws) == 1);  // still in the cloud
  auto plan = ws.forma({"plan", "-no-color"});
  CHECK(contains(plan.out, "test_null.a will be created"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 0 to destroy."));
}

TEST_CASE("an import block adopts an object that is not in state") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"a": {}}}})");
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  std::string id = only_id(ws);
  REQUIRE_FALSE(id.empty());
  REQUIRE(ws.forma({"state", "rm", "test_null.a"}).exit_code == 0);
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"a": {}}},
    "import": {"to": "test_null.a", "id": ")" + id + R"("}})");
  auto plan = ws.forma({"plan", "-no-color"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_FALSE(contains(plan.out, "will be created"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(ws.forma({"state", "list"}).out == "test_null.a\n");
  CHECK(contains(ws.forma({"state", "show", "test_null.a"}).out, id));
  CHECK(total(ws) == 1);  // adopted, never created a second time
  CHECK(ws.forma({"plan", "-detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("forma import adopts an object by address and id") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"a": {}}}})");
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  std::string id = only_id(ws);
  REQUIRE(ws.forma({"state", "rm", "test_null.a"}).exit_code == 0);
  auto import = ws.forma({"import", "-no-color", "test_null.a", id});
  INFO(import.out << import.err);
  REQUIRE(import.exit_code == 0);
  CHECK(ws.forma({"state", "list"}).out == "test_null.a\n");
  auto plan = ws.forma({"plan", "-detailed-exitcode", "-no-color"});
  INFO(plan.out);
  CHECK(plan.exit_code == 0);
  auto again = ws.forma({"import", "test_null.a", id});
  CHECK(again.exit_code == 1);
  CHECK(contains(again.err, "already"));
}

TEST_CASE("a moved block renames the object without replacing it") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"old": {"triggers": {"k": "v"}}}}})");
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"new": {"triggers": {"k": "v"}}}},
    "moved": {"from": "test_null.old", "to": "test_null.new"}})");
  auto plan = ws.forma({"plan", "-no-color"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(contains(plan.out, "test_null.old has moved to test_null.new"));
  CHECK_FALSE(contains(plan.out, "will be created"));
  CHECK_FALSE(contains(plan.out, "destroyed"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(ws.forma({"state", "list"}).out == "test_null.new\n");
  CHECK(total(ws) == 1);
  // The moved block can stay: once moved, later plans have nothing to do.
  CHECK(ws.forma({"plan", "-detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("a tainted instance is replaced at the next apply") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws) + R"(, "resource": {"test_null": {"a": {}, "b": {}}}})");
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  auto taint = ws.forma({"taint", "test_null.a"});
  INFO(taint.err);
  REQUIRE(taint.exit_code == 0);
  auto plan = ws.forma({"plan", "-no-color"});
  CHECK(contains(plan.out, "test_null.a"));
  CHECK(contains(plan.out, "tainted"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  CHECK(total(ws) == 3);
  CHECK(live(ws) == 2);
  CHECK(ws.forma({"plan", "-detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("a second apply on a locked state fails naming the holder, or waits with -lock-timeout") {
  Workspace ws;
  ws.write("main.forma.json", "{" + provider(ws, 1500) + R"(, "resource": {"test_null": {"slow": {}}}})");
  Result first;
  std::thread running([&] { first = ws.forma({"apply", "-auto-approve", "-no-color"}); });
  // Wait until the first apply holds the lock.
  bool locked = false;
  for (int i = 0; i < 200 && !locked; ++i) {
    if (ws.exists("forma.state.db")) {
      auto rows = query(ws.path("forma.state.db"), "SELECT count(*) FROM locks");
      locked = !rows.empty() && rows[0][0] != "0";
    }
    if (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(locked);
  auto refused = ws.forma({"apply", "-auto-approve", "-no-color"});
  auto waited = ws.forma({"apply", "-auto-approve", "-no-color", "-lock-timeout=30s"});
  running.join();
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "state is locked by apply (pid "));
  INFO(waited.err);
  CHECK(waited.exit_code == 0);
  CHECK(contains(waited.out, "No changes."));  // it planned after the first apply finished
  CHECK(total(ws) == 1);
}
