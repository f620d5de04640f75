// forma-provider-test driven through the real protocol client, with its
// cloud_db inspected directly.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "engine/base/text.h"
#include "engine/provider/provider.h"
#include "../../engine/provider/plugin_test_support.h"

using namespace forma;
using namespace forma::provider;
using namespace forma::provider::testing;

namespace {

struct Row {
  std::string id, type, token;
  json attributes;
  double created_at = 0;
  bool deleted = false;
};

std::vector<Row> rows(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::vector<Row> out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, type, token, attributes, created_at, deleted_at FROM objects ORDER BY created_at",
                       -1, &st, nullptr);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))); };
      out.push_back({text(0), text(1), text(2), json::parse(text(3)), sqlite3_column_double(st, 4),
                     sqlite3_column_type(st, 5) != SQLITE_NULL});
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// The plugin, configured, plus the engine's side of a resource's life cycle.
class Fixture {
 public:
  explicit Fixture(json config = json::object()) {
    db_path = dir.file("cloud.db");
    if (!config.contains("cloud_db")) config["cloud_db"] = db_path;
    std::string error;
    plugin = PluginProcess::start("test", test_provider_path(), {}, error);
    INFO(error);
    REQUIRE(plugin);
    CallResult r = plugin->call("configure", {{"config", config}});
    REQUIRE(r.ok);
    REQUIRE(r.result["diagnostics"].empty());
  }

  json plan(const std::string& type, const json& prior, const json& config) {
    CallResult r = plugin->call("plan_resource", {{"type", type}, {"address", type + ".a"}, {"prior_state", prior}, {"config", config}});
    INFO(r.error);
    REQUIRE(r.ok);
    return r.result;
  }
  json apply(const std::string& type, const json& prior, const json& planned, const std::string& address = "") {
    CallResult r = plugin->call("apply_resource", {{"type", type}, {"address", address.empty() ? type + ".a" : address},
                                                   {"prior_state", prior}, {"planned_state", planned},
                                                   {"config", planned}, {"creation_token", "token-1"}});
    INFO(r.error);
    REQUIRE(r.ok);
    return r.result;
  }
  json create(const std::string& type, const json& config, const std::string& address = "") {
    json planned = plan(type, nullptr, config)["planned_state"];
    return apply(type, nullptr, planned, address);
  }
  json read(const std::string& type, const json& state) {
    CallResult r = plugin->call("read_resource", {{"type", type}, {"address", type + ".a"}, {"state", state}, {"creation_token", "token-1"}});
    INFO(r.error);
    REQUIRE(r.ok);
    return r.result["new_state"];
  }

  ScratchDir dir;
  std::string db_path;
  std::unique_ptr<PluginProcess> plugin;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("test_null is created, read, replaced by triggers and deleted, recorded in cloud_db") {
  Fixture f;
  json created = f.create("test_null", {{"triggers", {{"v", "1"}}}});
  json state = created["new_state"];
  REQUIRE(state["id"].is_string());
  CHECK(state["id"].get<std::string>().size() == 16);
  auto r = rows(f.db_path);
  REQUIRE(r.size() == 1);
  CHECK(r[0].id == state["id"]);
  CHECK(r[0].type == "test_null");
  CHECK(r[0].token == "token-1");
  CHECK(r[0].attributes == state);

  CHECK(f.read("test_null", state) == state);
  json replan = f.plan("test_null", state, {{"triggers", {{"v", "2"}}}});
  CHECK(replan["requires_replace"] == json{"/triggers"});
  CHECK(is_unknown(replan["planned_state"]["id"]));

  json deleted = f.apply("test_null", state, nullptr);
  CHECK(deleted["new_state"].is_null());
  CHECK(rows(f.db_path)[0].deleted);
  CHECK(f.read("test_null", state).is_null());
}

TEST_CASE("test_random keeps its result until replaced and marks it sensitive") {
  Fixture f;
  CallResult schema = f.plugin->call("schema", json::object());
  REQUIRE(schema.ok);
  CHECK(schema.result["resources"]["test_random"]["attributes"]["result"]["sensitive"] == true);

  json state = f.create("test_random", {{"length", 24}})["new_state"];
  std::string result = state["result"];
  CHECK(result.size() == 24);
  CHECK(std::all_of(result.begin(), result.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }));
  json same = f.plan("test_random", state, {{"length", 24}});
  CHECK(same["planned_state"] == state);
  json longer = f.plan("test_random", state, {{"length", 30}});
  CHECK(longer["requires_replace"] == json{"/length"});
  CHECK(is_unknown(longer["planned_state"]["result"]));

  CallResult bad = f.plugin->call("validate_resource", {{"type", "test_random"}, {"mode", "managed"}, {"config", {{"length", 0}}}});
  REQUIRE(bad.ok);
  CHECK(bad.result["diagnostics"][0]["attribute"] == "/length");
}

TEST_CASE("test_file writes the file, notices drift and deletion, and removes it") {
  Fixture f;
  std::string path = f.dir.file("hello.txt");
  json state = f.create("test_file", {{"path", path}, {"content", "hi"}, {"file_permission", "0600"}})["new_state"];
  CHECK(slurp(path) == "hi");
  CHECK(state["id"] == sha256_hex("hi"));
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(rows(f.db_path)[0].id == path);

  { std::ofstream(path) << "edited"; }
  json drifted = f.read("test_file", state);
  CHECK(drifted["content"] == "edited");
  json plan = f.plan("test_file", drifted, {{"path", path}, {"content", "hi"}, {"file_permission", "0600"}});
  CHECK(plan["requires_replace"].empty());
  CHECK(plan["planned_state"]["content"] == "hi");
  CHECK(plan["planned_state"]["id"] == sha256_hex("hi"));
  json updated = f.apply("test_file", drifted, plan["planned_state"])["new_state"];
  CHECK(slurp(path) == "hi");
  CHECK(rows(f.db_path)[0].attributes == updated);

  std::remove(path.c_str());
  CHECK(f.read("test_file", updated).is_null());
  { std::ofstream(path) << "hi"; }
  f.apply("test_file", updated, nullptr);
  CHECK_FALSE(std::ifstream(path).good());
  CHECK(rows(f.db_path)[0].deleted);
}

TEST_CASE("an interrupted create is found again by its creation token") {
  Fixture f;
  json state = f.create("test_null", json::object())["new_state"];
  json as_recorded = {{"triggers", nullptr}, {"id", unknown_value()}};
  CHECK(f.read("test_null", as_recorded) == state);
}

TEST_CASE("fail_on fails creates and updates of the named resources") {
  Fixture f(json{{"fail_on", {"bad", "test_null.worse"}}});
  json planned = f.plan("test_null", nullptr, json::object())["planned_state"];
  json by_name = f.apply("test_null", nullptr, planned, "module.m.test_null.bad[\"x.y\"]");
  CHECK(by_name["new_state"].is_null());
  CHECK(by_name["diagnostics"][0]["severity"] == "error");
  CHECK(f.apply("test_null", nullptr, planned, "test_null.worse")["diagnostics"].size() == 1);
  CHECK(f.apply("test_null", nullptr, planned, "test_null.good")["diagnostics"].empty());
  CHECK(rows(f.db_path).size() == 1);
}

TEST_CASE("fail_after_create leaves the object behind and reports an error") {
  Fixture f(json{{"fail_after_create", {"a"}}});
  json result = f.create("test_null", json::object());
  CHECK(result["new_state"]["id"].is_string());
  CHECK(result["diagnostics"][0]["severity"] == "error");
  CHECK(rows(f.db_path).size() == 1);
}

TEST_CASE("fail_rate fails a reproducible fraction of creates") {
  auto failures = [](int seed) {
    Fixture f(json{{"fail_rate", 0.5}, {"seed", seed}});
    json planned = f.plan("test_null", nullptr, json::object())["planned_state"];
    std::string pattern;
    for (int i = 0; i < 40; ++i)
      pattern += f.apply("test_null", nullptr, planned, "test_null.n[" + std::to_string(i) + "]")["new_state"].is_null() ? 'F' : '.';
    return pattern;
  };
  std::string first = failures(7);
  CHECK(first == failures(7));
  CHECK(first != failures(8));
  auto failed = std::count(first.begin(), first.end(), 'F');
  CHECK(failed > 8);
  CHECK(failed < 32);
}

TEST_CASE("created_at is taken when the create starts, before the latency") {
  Fixture f(json{{"latency_ms", 300}});
  json planned = f.plan("test_null", nullptr, json::object())["planned_state"];
  double before = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count()) / 1000.0;
  f.apply("test_null", nullptr, planned);
  auto r = rows(f.db_path);
  REQUIRE(r.size() == 1);
  CHECK(r[0].created_at >= before - 0.01);
  CHECK(r[0].created_at < before + 0.25);
}

TEST_CASE("without cloud_db objects live in state, and import works by id") {
  Fixture f(json{{"cloud_db", nullptr}});
  json state = f.create("test_null", json::object())["new_state"];
  CHECK(f.read("test_null", state) == state);
  CHECK_FALSE(std::ifstream(f.db_path).good());
  CallResult imported = f.plugin->call("import_resource", {{"type", "test_null"}, {"id", "abc"}});
  REQUIRE(imported.ok);
  CHECK(imported.result["state"] == json{{"id", "abc"}, {"triggers", nullptr}});
}

TEST_CASE("the data sources read a file and echo their input") {
  Fixture f;
  std::string path = f.dir.file("data.txt");
  { std::ofstream(path) << "data"; }
  CallResult file = f.plugin->call("read_data", {{"type", "test_file"}, {"address", "data.test_file.d"}, {"config", {{"path", path}}}});
  REQUIRE(file.ok);
  CHECK(file.result["state"]["content"] == "data");
  CHECK(file.result["state"]["id"] == sha256_hex("data"));
  CallResult echo = f.plugin->call("read_data", {{"type", "test_echo"}, {"config", {{"input", {{"a", {1, 2}}}}}}});
  REQUIRE(echo.ok);
  CHECK(echo.result["state"]["output"] == json{{"a", {1, 2}}});
  CallResult missing = f.plugin->call("read_data", {{"type", "test_file"}, {"config", {{"path", f.dir.file("nope")}}}});
  REQUIRE(missing.ok);
  CHECK(missing.result["diagnostics"][0]["attribute"] == "/path");
}
