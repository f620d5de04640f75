// Ctrl-C during apply: nothing new starts, calls in flight finish and are
// recorded, exit 1; the next apply completes the job.
#include <catch2/catch.hpp>

#include <csignal>

#include "tests/e2e/harness.h"

using namespace forma::e2e;

namespace {

std::string chain_config(const std::string& cloud_db) {
  // A chain of 12: each waits for the one before, so an interrupt lands mid-way.
  std::string resources;
  for (int i = 0; i < 12; ++i) {
    resources += std::string(i ? "," : "") + "\"n" + std::to_string(i) + "\": {";
    if (i) resources += "\"triggers\": {\"up\": \"${test_null.n" + std::to_string(i - 1) + ".id}\"}";
    resources += "}";
  }
  return R"({ "provider": { "test": { "latency_ms": 150, "cloud_db": ")" + cloud_db +
         R"(" } }, "resource": { "test_null": { )" + resources + "} } }";
}

// True once the apply has recorded its first resource: the walk is under way.
std::function<bool()> applying(const Workspace& ws) {
  return [&ws] {
    if (!ws.exists("forma.state.db")) return false;
    auto rows = query(ws.path("forma.state.db"), "SELECT count(*) FROM resources");
    return !rows.empty() && rows[0][0] != "0";
  };
}

int count(const std::string& db, const std::string& where) {
  return std::stoi(query(db, "SELECT count(*) FROM objects WHERE " + where)[0][0]);
}

}  // namespace

TEST_CASE("an interrupt stops new work, records what finished, and exits 1") {
  Workspace ws;
  ws.write("main.forma.json", chain_config(ws.path("cloud.db")));
  auto r = ws.forma_signalled({"apply", "-auto-approve", "-no-color"}, {{SIGINT, 200}}, applying(ws));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Interrupt received") != std::string::npos);
  auto listed = ws.forma({"state", "list"}).out;
  int in_state = static_cast<int>(std::count(listed.begin(), listed.end(), '\n'));
  CHECK(in_state > 0);
  CHECK(in_state < 12);
  // What the cloud holds is exactly what state records: the call in flight finished and was recorded.
  CHECK(count(ws.path("cloud.db"), "deleted_at IS NULL") == in_state);
  auto rest = ws.forma({"apply", "-auto-approve", "-no-color"});
  CHECK(rest.exit_code == 0);
  CHECK(count(ws.path("cloud.db"), "deleted_at IS NULL") == 12);
}

TEST_CASE("a second interrupt exits at once and the next apply still converges") {
  Workspace ws;
  ws.write("main.forma.json", chain_config(ws.path("cloud.db")));
  auto r = ws.forma_signalled({"apply", "-auto-approve", "-no-color"}, {{SIGINT, 100}, {SIGINT, 150}}, applying(ws));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Exiting immediately") != std::string::npos);
  auto rest = ws.forma({"apply", "-auto-approve", "-no-color", "-lock-timeout=5s"});
  INFO(rest.out << rest.err);
  if (rest.exit_code != 0 && rest.err.find("force-unlock") != std::string::npos) {
    auto at = rest.err.find("force-unlock ") + 13;
    REQUIRE(ws.forma({"force-unlock", rest.err.substr(at, rest.err.find_first_of("`\n ", at) - at)}).exit_code == 0);
    rest = ws.forma({"apply", "-auto-approve", "-no-color"});
  }
  CHECK(rest.exit_code == 0);
  auto listed = ws.forma({"state", "list"}).out;
  CHECK(std::count(listed.begin(), listed.end(), '\n') == 12);
  CHECK(count(ws.path("cloud.db"), "deleted_at IS NULL") == 12);
}
