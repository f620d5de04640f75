// Chaos: `forma apply` killed with SIGKILL at random instants, again and
// again, each time followed by an apply that must converge. At the end the
// cloud must hold exactly one live object per resource in state and nothing
// else: the test provider's cloud_db, or with --azure forma-azure-emulator
// (a 60-resource storage configuration, 10% of calls answered 429 and 5% 503).
//
//   bench_chaos [--azure] [--kills N] [--seed S] [--keep DIR] [--json]
// prints: kills=N orphans=0 duplicates=0 missing=0 integrity_failures=0 unconverged=0 unreconciled=0
//         interrupted_mid_call=K   (--json: the same as one object, keys chaos_*)
// and exits 1 if any figure but the last is non-zero.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/e2e/emulator_process.h"

namespace fs = std::filesystem;

namespace {

// 4 resource groups, 8 storage accounts, 24 file shares and 20-24 blob
// containers: rounds change tags and quotas (updates) and the container count
// (creates and deletes).
const char* kAzureConfig = R"({
  "variable": { "gen": { "type": "number", "default": 0 }, "n": { "type": "number", "default": 24 } },
  "provider": { "azure": { "location": "eastus", "max_requests_per_second": 500 } },
  "resource": {
    "azure_resource_group": {
      "rg": { "count": 4, "name": "chaos-${count.index}", "tags": { "gen": "${var.gen % 3}" } }
    },
    "azure_storage_account": {
      "sa": { "count": 8, "name": "formachaos${count.index}", "sku": "Standard_LRS",
              "resource_group": "${azure_resource_group.rg[count.index % 4].name}" }
    },
    "azure_storage_file_share": {
      "share": { "count": 24, "name": "share${count.index}", "quota_gb": "${10 + var.gen % 2}",
                 "storage_account_id": "${azure_storage_account.sa[count.index % 8].id}" }
    },
    "azure_storage_blob_container": {
      "blob": { "count": "${var.n}", "name": "blob${count.index}",
                "storage_account_id": "${azure_storage_account.sa[count.index % 8].id}" }
    }
  }
})";

// NAME=VALUE pairs added to every forma run's environment (the emulator's credentials).
std::vector<std::string> g_env;

const char* kConfig = R"({
  "variable": { "gen": { "type": "number", "default": 0 }, "n": { "type": "number", "default": 10 } },
  "provider": { "test": { "latency_ms": 25, "cloud_db": "cloud.db" } },
  "resource": {
    "test_null": {
      "root": { "triggers": { "gen": "${var.gen % 3}" } },
      "chain": { "count": 10, "triggers": { "up": "${test_null.root.id}", "i": "${count.index}" } },
      "wide": { "count": "${var.n}", "triggers": { "gen": "${var.gen}" } }
    },
    "test_random": { "r": { "count": 10, "length": "${8 + count.index}" } }
  }
})";

std::vector<std::vector<std::string>> query(const fs::path& db_path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
          auto* t = sqlite3_column_text(st, c);
          row.push_back(t ? reinterpret_cast<const char*>(t) : "");
        }
        rows.push_back(row);
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return rows;
}

struct Result {
  int exit_code = -1;
  std::string out;
};

// Runs forma in `dir`. With kill_after, kills it with SIGKILL then (or once a
// create or delete is in flight, plus `kill_after`, when `aim` is set).
Result run_forma(const fs::path& dir, const std::vector<std::string>& args, int kill_after_ms = -1, bool aim = false) {
  fs::path out_file = dir / ".chaos-out";
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    int devnull = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(out, 2);
    std::string exe = std::string(FORMA_BENCH_BIN_DIR) + "/forma";
    std::vector<char*> argv{const_cast<char*>(exe.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : g_env) putenv(const_cast<char*>(e.c_str()));
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  if (kill_after_ms >= 0) {
    if (aim) {
      auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(g_env.empty() ? 10 : 3);
      while (std::chrono::steady_clock::now() < give_up) {
        if (fs::exists(dir / "forma.state.db")) {
          auto rows = query(dir / "forma.state.db",
                            "SELECT count(*) FROM resources WHERE status IN ('creating', 'deleting')");
          if (!rows.empty() && rows[0][0] != "0") break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(out_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  return r;
}

// Applies until it succeeds; a lock left by the killed run is removed as a user would.
bool converge(const fs::path& dir, const std::vector<std::string>& args, std::string& log) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = run_forma(dir, args);
    if (r.exit_code == 0) return true;
    log = r.out;
    auto pos = r.out.find("force-unlock ");
    if (pos == std::string::npos) return false;
    std::string id = r.out.substr(pos + 13);
    id = id.substr(0, id.find_first_of("`\n "));
    run_forma(dir, {"force-unlock", id});
  }
  return false;
}

// Ids of the objects alive in the cloud, lower-cased for Azure (ARM ids are case-insensitive).
std::map<std::string, int> cloud_objects(const fs::path& dir, const forma::e2e::EmulatorProcess* emulator) {
  std::map<std::string, int> alive;
  if (!emulator) {
    for (auto& row : query(dir / "cloud.db", "SELECT id FROM objects WHERE deleted_at IS NULL")) ++alive[row[0]];
    return alive;
  }
  for (std::string id : emulator->resource_ids()) {
    for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ++alive[id];
  }
  return alive;
}

}  // namespace

int main(int argc, char** argv) {
  int kills = 200;
  unsigned seed = 20261123;
  std::string keep;
  bool azure = false, as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--azure") azure = true;
    else if (a == "--json") as_json = true;
    else if (i + 1 >= argc) break;
    else if (a == "--kills") kills = std::stoi(argv[++i]);
    else if (a == "--seed") seed = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--keep") keep = argv[++i];
  }
  fs::path dir = keep.empty() ? fs::temp_directory_path() / ("forma-chaos-" + std::to_string(getpid())) : fs::path(keep);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "main.forma.json") << (azure ? kAzureConfig : kConfig);
  std::unique_ptr<forma::e2e::EmulatorProcess> emulator;
  if (azure) {
    forma::e2e::EmulatorOptions eo;
    eo.faults = "429=0.10,503=0.05";
    eo.seed = static_cast<int>(seed % 100000);
    eo.provisioning_ms = 50;
    emulator = std::make_unique<forma::e2e::EmulatorProcess>(eo);
    if (!emulator->running()) {
      std::fprintf(stderr, "%s\n", emulator->startup_error().c_str());
      return 1;
    }
    g_env = emulator->env();
    g_env.push_back("FORMA_NETWORK=loopback");
  }

  std::mt19937 rng(seed);
  int integrity_failures = 0, interrupted = 0, unconverged = 0, unreconciled = 0;
  for (int round = 0; round < kills; ++round) {
    int n = azure ? 20 + round % 5 : 5 + round % 6;
    std::vector<std::string> args = {"apply", "-auto-approve", "-no-color", "-lock-timeout=10s",
                                     "-var", "gen=" + std::to_string(round), "-var", "n=" + std::to_string(n)};
    bool aim = round % 3 != 0;
    int delay = aim ? std::uniform_int_distribution<int>(0, 40)(rng)
                    : std::uniform_int_distribution<int>(5, azure ? 2500 : 900)(rng);
    run_forma(dir, args, delay, aim);
    if (fs::exists(dir / "forma.state.db")) {
      auto check = query(dir / "forma.state.db", "PRAGMA integrity_check");
      if (check.empty() || check[0][0] != "ok") ++integrity_failures;
      auto pending = query(dir / "forma.state.db", "SELECT count(*) FROM resources WHERE status IN ('creating', 'deleting')");
      if (!pending.empty() && pending[0][0] != "0") ++interrupted;
    }
    std::string log;
    if (!converge(dir, args, log)) {
      ++unconverged;
      std::fprintf(stderr, "round %d: apply did not converge:\n%s\n", round, log.c_str());
      continue;
    }
    std::vector<std::string> plan = {"plan", "-detailed-exitcode", "-no-color", "-var", "gen=" + std::to_string(round),
                                     "-var", "n=" + std::to_string(n)};
    auto left = query(dir / "forma.state.db", "SELECT count(*) FROM resources WHERE status != 'created'");
    if (!left.empty() && left[0][0] != "0") {
      ++unreconciled;
      std::fprintf(stderr, "round %d: %s rows still not 'created' after apply converged\n", round, left[0][0].c_str());
    }
    auto p = run_forma(dir, plan);
    if (p.exit_code != 0) {
      ++unconverged;
      std::fprintf(stderr, "round %d: plan after apply is not empty (exit %d):\n%s\n", round, p.exit_code, p.out.c_str());
    }
  }

  // Compare the cloud with the state.
  auto pulled = run_forma(dir, {"state", "pull"});
  std::multiset<std::string> in_state;
  try {
    auto doc = nlohmann::json::parse(pulled.out);
    for (const auto& r : doc["resources"]) {
      std::string id = r["attributes"]["id"].get<std::string>();
      if (azure)
        for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      in_state.insert(id);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "state pull failed: %s\n%s\n", e.what(), pulled.out.c_str());
    return 1;
  }
  std::map<std::string, int> alive = cloud_objects(dir, emulator.get());
  int orphans = 0, duplicates = 0, missing = 0;
  for (const auto& [id, n] : alive) {
    if (!in_state.count(id)) ++orphans;
    if (n > 1) duplicates += n - 1;
  }
  for (const auto& id : in_state) {
    if (!alive.count(id)) ++missing;                 // state points at nothing
    else if (in_state.count(id) > 1) ++duplicates;   // two addresses hold one object
  }
  if (as_json)
    std::printf("%s\n", nlohmann::json{{"chaos_kills", kills}, {"chaos_orphans", orphans},
                                       {"chaos_duplicates", duplicates}, {"chaos_missing", missing},
                                       {"chaos_integrity_failures", integrity_failures},
                                       {"chaos_unconverged", unconverged}, {"chaos_unreconciled", unreconciled},
                                       {"chaos_interrupted_mid_call", interrupted}}
                             .dump()
                             .c_str());
  else
  std::printf(
      "kills=%d orphans=%d duplicates=%d missing=%d integrity_failures=%d unconverged=%d unreconciled=%d "
      "interrupted_mid_call=%d\n",
      kills, orphans, duplicates, missing, integrity_failures, unconverged, unreconciled, interrupted);
  if (keep.empty()) fs::remove_all(dir);
  return orphans || duplicates || missing || integrity_failures || unconverged || unreconciled ? 1 : 0;
}
