// A pool's secrets (admin password, private key, storage key, client
// secret) appear in no output, log, plan file, state byte or process
// argument.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/e2e/pool_support.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
using forma::testing::contains;

namespace {

// A process's arguments; "" once it has gone (read(2): an ifstream throws when
// the process exits between open and read).
std::string read_cmdline(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

// Every process's arguments, read from /proc again and again until finish().
class CommandLineWatch {
 public:
  explicit CommandLineWatch(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        std::error_code ec;  // processes come and go while the directory is read
        for (std::filesystem::directory_iterator p("/proc", ec), end; !ec && p != end; p.increment(ec)) {
          const std::string name = p->path().filename().string();
          if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
          const std::string args = read_cmdline(p->path() / "cmdline");
          ++seen_;
          for (const auto& s : secrets_)
            if (args.find(s) != std::string::npos) hits_ += 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
  }
  ~CommandLineWatch() { finish(); }
  void finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int hits() const { return hits_; }
  long processes_seen() const { return seen_; }

 private:
  std::vector<std::string> secrets_;
  std::atomic<bool> stop_{false};
  std::atomic<int> hits_{0};
  std::atomic<long> seen_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("a pool's secrets are in no output, log, plan, state or argument") {
  EmulatorOptions small_quota;  // one Standard_D2s_v3 instance fits, two do not: a failing apply
  small_quota.extra_args = {"--quota", "standardDSv3Family=2"};
  EmulatorProcess emulator(small_quota);
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  const std::string private_key = ws.read("pool_key");
  // A line from the middle of the PEM body: any copy of the key holds it.
  const std::string key_line = private_key.substr(private_key.find('\n', 40) + 1, 64);
  const std::string password = "Pool-Pa55-0b7e41c2d9";

  json config = json::parse(pool_with(public_key, {{"user", "dsvmuser"}, {"private_key", "${file(\"pool_key\")}"},
                                                   {"password", "${var.admin_password}"}},
                                      json::array({{{"remote-exec", {{"inline", {"hostname"}}}}}})));
  config["variable"] = {{"admin_password", {{"type", "string"}, {"sensitive", true}}}};
  config["resource"]["azure_dsvm_pool"]["team"]["admin"]["password"] = "${var.admin_password}";
  config["resource"]["azure_dsvm_pool"]["team"]["instances"] = 2;  // over the quota
  ws.write("main.forma.json", config.dump(2));
  auto env = pool_env(emulator, ws);
  env.push_back("FORMA_STATE_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  env.push_back("FORMA_VAR_admin_password=" + password);
  env.push_back("FORMA_LOG=trace");
  env.push_back("FORMA_LOG_PATH=" + ws.path("forma.log"));

  std::string client_secret;  // the service principal's, from the emulator's credentials.env
  for (const auto& e : env)
    if (e.rfind("ARM_CLIENT_SECRET=", 0) == 0) client_secret = e.substr(18);
  REQUIRE(client_secret.size() > 8);
  CommandLineWatch watch({password, key_line, client_secret});
  std::string seen;
  auto run = [&](const std::vector<std::string>& args, int expected_exit = 0) {
    auto r = ws.forma(args, "", env);
    INFO(r.out << r.err);
    CHECK(r.exit_code == expected_exit);
    seen += r.out + r.err;
  };
  run({"plan", "-no-color", "-out=tfplan"});
  // A failing apply: the scale set's PUT, which carries the password and the
  // storage key, is refused for quota.
  run({"apply", "-auto-approve", "-no-color", "tfplan"}, 1);
  CHECK(contains(seen, "exceeding approved standardDSv3Family Cores quota"));
  // A crash: forma is killed once the new scale set's PUT has been answered,
  // with its own log file, then the next apply converges.
  config["resource"]["azure_dsvm_pool"]["team"]["instances"] = 1;
  ws.write("main.forma.json", config.dump(2));
  std::vector<std::string> crash_env = env;
  crash_env.push_back("FORMA_LOG_PATH=" + ws.path("crash.log"));  // the later one wins
  auto killed = ws.forma_signalled(
      {"apply", "-auto-approve", "-no-color"}, {{SIGKILL, 0}},
      [&] { return contains(ws.read("crash.log"), "PUT " + emulator.endpoint() + team_scale_set_id(env)); },
      crash_env);
  CHECK(killed.exit_code == 128 + SIGKILL);
  seen += killed.out + killed.err;
  auto repaired = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(repaired.out << repaired.err);
  CHECK(repaired.exit_code == 0);
  CHECK(contains(repaired.err, "Took over the lock of apply"));
  CHECK(contains(repaired.out, "Resources: 0 added"));  // the pool the killed run made is adopted
  seen += repaired.out + repaired.err;
  run({"show", "-no-color"});
  run({"show", "-json"});
  run({"output"});
  run({"state", "pull"});
  run({"nodes", "list", "azure_dsvm_pool.team"});
  run({"nodes", "exec", "azure_dsvm_pool.team", "--", "hostname"});
  run({"nodes", "exec", "azure_dsvm_pool.team", "--", "exit 3"}, 1);  // a failing command
  run({"plan", "-no-color", "-var", "admin_password=Another-Pa55-1d"}, 0);  // a change to a sensitive argument
  watch.finish();

  // The storage key the pool mounts the share with (CustomScript's protectedSettings).
  const auto shown = ws.forma({"show", "-json"}, "", env);
  INFO(shown.out << shown.err);
  const json pool_state = json::parse(shown.out, nullptr, false);
  std::string account_id;
  for (const json& r : pool_state["values"]["resources"])
    if (r["address"] == "azure_dsvm_pool.team" && r["values"]["storage_account_id"].is_string())
      account_id = r["values"]["storage_account_id"];
  REQUIRE_FALSE(account_id.empty());
  const json keys = emulator.arm("POST", account_id + "/listKeys?api-version=2019-06-01");
  const std::string storage_key = keys["keys"][0]["value"];
  REQUIRE(storage_key.size() > 20);

  CHECK(ws.read("forma.log").find("[arm]") != std::string::npos);  // the trace logs were written
  CHECK(ws.read("crash.log").find("[arm]") != std::string::npos);
  for (const std::string& secret : {password, key_line, storage_key, client_secret}) {
    INFO(secret);
    CHECK_FALSE(contains(seen, secret));
    for (const char* file : {"tfplan", "forma.log", "crash.log", "forma.state.db", "forma.state.db-wal"}) {
      INFO(file);
      CHECK_FALSE(contains(ws.read(file), secret));
    }
  }
  CHECK(watch.processes_seen() > 0);
  CHECK(watch.hits() == 0);
  CHECK(ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});  // the crash left nothing behind
}
