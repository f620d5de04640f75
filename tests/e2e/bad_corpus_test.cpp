// The bad-input corpus (tests/corpus/bad/): every case is a directory of
// config files plus expected.json. forma must exit 1 with the exact message
// and position, never crash, and leave the state exactly as it was.
//
// expected.json:
//   "command":          args after forma (default ["plan"])
//   "stderr_contains":  strings that must all appear on stderr
//   "stderr_excludes":  strings that must not appear anywhere (secrets)
//   "exit_code":        default 1
//   "env":              NAME=VALUE for forma's environment
//   "setup":            commands run first, each must succeed; when the case
//                       has a before/ directory they run on its files, which the
//                       case's own files then replace.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/value.h"
#include "tests/e2e/harness.h"

using namespace forma::e2e;
using forma::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(FORMA_SOURCE_DIR) / "tests" / "corpus" / "bad";

struct BadCase {
  std::string name;
  fs::path dir;
  json expected;
};

std::vector<BadCase> load_cases() {
  std::vector<BadCase> cases;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (!entry.is_directory()) continue;
    std::ifstream in(entry.path() / "expected.json");
    json expected = json::parse(in, nullptr, /*allow_exceptions=*/false);
    cases.push_back({entry.path().filename().string(), entry.path(), expected});
  }
  std::sort(cases.begin(), cases.end(), [](const BadCase& a, const BadCase& b) { return a.name < b.name; });
  return cases;
}

std::vector<std::string> strings(const json& expected, const char* key) {
  std::vector<std::string> out;
  if (expected.contains(key))
    for (const auto& s : expected[key]) out.push_back(s.get<std::string>());
  return out;
}

// The case's own files (not expected.json, not before/) into the workspace.
void copy_case_files(const fs::path& from, const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(from)) {
    std::string name = entry.path().filename().string();
    if (name == "expected.json" || name == "before") continue;
    fs::copy(entry.path(), to / name, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
}

void remove_config_files(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.ends_with(".forma.json")) fs::remove(entry.path());
  }
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The rows of one table, each value tagged with its type.
std::string table_rows(sqlite3* db, const std::string& table) {
  std::string out = "table " + table + "\n";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\" ORDER BY 1").c_str(), -1, &st, nullptr) != SQLITE_OK)
    return out + "unreadable\n";
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, c));
      out += std::to_string(sqlite3_column_type(st, c)) + ":" +
             std::string(bytes ? bytes : "", static_cast<size_t>(sqlite3_column_bytes(st, c))) + "|";
    }
    out += "\n";
  }
  sqlite3_finalize(st);
  return out;
}

// Every row of every table. Taking and releasing the state lock rewrites
// pages, so the bytes of a database may differ, but its content must be
// exactly what it was, the locks table included. A file that is not a
// database must keep its bytes.
std::string state_contents(const fs::path& db_path) {
  if (!fs::exists(db_path)) return "<no state file>";
  std::string bytes = file_bytes(db_path);
  if (bytes.rfind(std::string("SQLite format 3\0", 16), 0) != 0) return "<not a database>" + bytes;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<cannot open>";
  }
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &st, nullptr) ==
      SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  std::string out;
  for (const auto& table : tables) out += table_rows(db, table);
  sqlite3_close(db);
  return out;
}

void prepare(const BadCase& c, const Workspace& ws) {
  bool before = fs::is_directory(c.dir / "before");
  if (before) copy_tree(c.dir / "before", ws.dir());
  else copy_case_files(c.dir, ws.dir());
  for (const auto& step : c.expected.value("setup", json::array())) {
    auto r = ws.forma(step.get<std::vector<std::string>>());
    INFO("setup " << step.dump() << " failed:\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  if (before) {
    remove_config_files(ws.dir());
    copy_case_files(c.dir, ws.dir());
  }
}

void check_case(const BadCase& c) {
  REQUIRE(c.expected.is_object());
  Workspace ws;
  prepare(c, ws);
  std::string state_before = state_contents(ws.dir() / "forma.state.db");

  auto command = c.expected.contains("command") ? strings(c.expected, "command") : std::vector<std::string>{"plan"};
  auto r = ws.forma(command, "", strings(c.expected, "env"));
  INFO("forma " << c.expected.value("command", json::array({"plan"})).dump() << "\n--- stdout\n"
                << r.out << "--- stderr\n"
                << r.err);
  CHECK(r.exit_code == c.expected.value("exit_code", 1));
  for (const auto& s : strings(c.expected, "stderr_contains")) {
    INFO("expected on stderr: " << s);
    CHECK(r.err.find(s) != std::string::npos);
  }
  for (const auto& s : strings(c.expected, "stderr_excludes")) {
    INFO("must not appear: " << s);
    CHECK(r.err.find(s) == std::string::npos);
    CHECK(r.out.find(s) == std::string::npos);
  }
  for (const char* crash : {"what():", "terminate called", "Segmentation", "AddressSanitizer", "runtime error:",
                            "[json.exception", "Internal error"}) {
    INFO("crash marker: " << crash);
    CHECK(r.err.find(crash) == std::string::npos);
    CHECK(r.out.find(crash) == std::string::npos);
  }
  CHECK(state_contents(ws.dir() / "forma.state.db") == state_before);
}

}  // namespace

TEST_CASE("the bad-input corpus holds at least 40 cases, each with a readable expected.json") {
  auto cases = load_cases();
  CHECK(cases.size() >= 40);
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(c.expected.is_object());
    CHECK_FALSE(strings(c.expected, "stderr_contains").empty());
  }
}

TEST_CASE("every bad input exits 1 with its exact message and position, and leaves the state as it was") {
  for (const auto& c : load_cases()) {
    DYNAMIC_SECTION(c.name) { check_case(c); }
  }
}
