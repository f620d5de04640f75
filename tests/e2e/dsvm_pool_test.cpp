// azure_dsvm_pool against the emulator: the pool's life cycle, its SSH
// endpoints and JupyterHub, scaling in place, and autoscale's capacity not
// being drift.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
using forma::testing::contains;

namespace {

// A pool without a night schedule, so that what it holds does not depend on the time of day.
std::string pool_config(int instances, bool autoscale, const std::string& public_key = kTestPublicKey) {
  json pool = {{"name", "team"},
               {"resource_group", "${azure_resource_group.rg.name}"},
               {"instances", instances},
               {"admin", {{"username", "dsvmuser"}, {"ssh_public_key", public_key}}},
               {"shared_storage", {{"share_name", "notebooks"}}}};
  if (autoscale) pool["autoscale"] = {{"min", 0}, {"max", 10}};
  json config = {{"provider", {{"azure", {{"location", "eastus"}}}}},
                 {"resource", {{"azure_resource_group", {{"rg", {{"name", "forma-pool"}}}}},
                               {"azure_dsvm_pool", {{"team", pool}}}}},
                 {"output", {{"nodes", {{"value", "${azure_dsvm_pool.team.nodes}"}}},
                             {"url", {{"value", "${azure_dsvm_pool.team.jupyterhub_url}"}}}}}};
  return config.dump(2);
}

std::vector<std::string> pool_env(const EmulatorProcess& emulator, const Workspace& ws) {
  std::vector<std::string> env = emulator.env();
  env.push_back("HOME=" + ws.path("home"));
  env.push_back("USER=e2euser");
  return env;
}

// The ARM id of the scale set pool_config's pool makes.
std::string team_scale_set_id(const std::vector<std::string>& env) {
  std::string subscription;
  for (const auto& e : env)
    if (e.rfind("ARM_SUBSCRIPTION_ID=", 0) == 0) subscription = e.substr(20);
  return "/subscriptions/" + subscription +
         "/resourceGroups/forma-pool/providers/Microsoft.Compute/virtualMachineScaleSets/team";
}

json pool_output(const Workspace& ws, const std::string& name) {
  auto r = ws.forma({"output", "-json", name});
  return json::parse(r.out, nullptr, false);
}

// GETs the JupyterHub URL `n` times; the instances that answered.
std::multiset<std::string> served_by(const std::string& url, int n) {
  const std::string rest = url.substr(std::string("http://").size());
  const std::string host = rest.substr(0, rest.find(':'));
  const int port = std::stoi(rest.substr(rest.find(':') + 1));
  std::multiset<std::string> out;
  httplib::Client client(host, port);
  client.set_connection_timeout(2, 0);
  for (int i = 0; i < 100 && out.empty(); ++i) {  // the emulator starts the frontend within 100 ms
    auto res = client.Get("/");
    if (res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int i = 1; i < n; ++i)
    if (auto res = client.Get("/"); res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
  return out;
}

}  // namespace

TEST_CASE("a DSVM pool applies, plans clean, scales in place and destroys everything it made") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(2, true));
  auto env = pool_env(emulator, ws);
  auto plan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(contains(plan.out, "azure_dsvm_pool.team will be created"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "No changes."));

  const json nodes = pool_output(ws, "nodes");
  REQUIRE(nodes.is_array());
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0]["node_id"] == "team_0");
  CHECK(nodes[0]["port"] == 50000);
  CHECK(nodes[1]["port"] == 50001);
  CHECK(nodes[0]["ip_address"].get<std::string>().starts_with("127.20."));
  CHECK(nodes[1]["state"] == "running");
  const std::string url = pool_output(ws, "url").get<std::string>();
  CHECK(url == "http://" + nodes[0]["ip_address"].get<std::string>() + ":8000/");
  const auto served = served_by(url, 4);
  CHECK(served.count("team_0") == 2);
  CHECK(served.count("team_1") == 2);

  ws.write("main.forma.json", pool_config(3, true));
  auto resize = ws.forma({"plan", "-no-color"}, "", env);
  INFO(resize.out << resize.err);
  CHECK(contains(resize.out, "0 to add, 1 to change, 0 to destroy"));
  CHECK(contains(resize.out, "updated in-place"));
  auto scaled = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(scaled.out << scaled.err);
  CHECK(scaled.exit_code == 0);
  CHECK(pool_output(ws, "nodes").size() == 3);
  CHECK(ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env).exit_code == 0);

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("capacity moved by autoscale is not drift; a resize behind forma's back without autoscale is") {
  EmulatorOptions fast;
  fast.extra_args = {"--autoscale-period-ms", "50"};
  EmulatorProcess emulator(fast);
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(1, true));
  auto env = pool_env(emulator, ws);
  REQUIRE(ws.forma({"apply", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
  const std::string vmss = team_scale_set_id(env);
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 95}});
  json got;
  for (int i = 0; i < 100; ++i) {
    got = emulator.arm("GET", vmss + "?api-version=2020-12-01");
    if (got["sku"]["capacity"].get<int>() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(got["sku"]["capacity"].get<int>() >= 3);
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 50}});
  auto plan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK_FALSE(contains(plan.out, "azure_dsvm_pool.team will be updated"));  // the pool itself: no change
  CHECK_FALSE(contains(plan.out, "to change"));  // only the nodes output, which lists the new instances

  ws.write("main.forma.json", pool_config(1, false));  // autoscale removed: one in-place update
  auto unscale = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(unscale.out << unscale.err);
  REQUIRE(unscale.exit_code == 0);
  int status = 0;
  emulator.arm("PATCH", vmss + "?api-version=2020-12-01", {{"sku", {{"capacity", 4}}}}, &status);
  REQUIRE(status == 200);
  auto drift = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 2);
  CHECK(contains(drift.out, "updated in-place"));
  CHECK(ws.forma({"apply", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.arm("GET", vmss + "?api-version=2020-12-01")["sku"]["capacity"] == 1);
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

namespace {

// The emulator's view of the pool's SSH servers.
json pool_ssh_servers(const EmulatorProcess& emulator, const std::string& scale_set_id) {
  json listed = emulator.admin("GET", "/_emulator/nodes?owner=" + scale_set_id);
  return listed.is_object() ? listed.value("value", json::array()) : json::array();
}

// Whether anything accepts a TCP connection at address:port.
bool accepts(const std::string& address, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;  // loopback: refused at once
  ::close(fd);
  return connected;
}

std::vector<std::string> node_args(const std::vector<std::string>& tail) {
  std::vector<std::string> args = {"nodes", "exec", "azure_dsvm_pool.team", "-user", "dsvmuser",
                                   "-identity-file", "pool_key"};
  args.insert(args.end(), tail.begin(), tail.end());
  return args;
}

}  // namespace

TEST_CASE("every pool instance is an SSH server: forma nodes, a shared share, OpenSSH, scale to 0 and back") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  ws.write("main.forma.json", pool_config(2, false, public_key));
  auto env = pool_env(emulator, ws);
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  const json nodes = pool_output(ws, "nodes");
  REQUIRE(nodes.size() == 2);

  auto list = ws.forma({"nodes", "list", "azure_dsvm_pool.team"}, "", env);
  INFO(list.out << list.err);
  CHECK(list.exit_code == 0);
  CHECK(contains(list.out, "team_0"));
  CHECK(contains(list.out, "50001"));

  // hostname on both, in parallel; the first use of each host key is recorded.
  auto hostname = ws.forma(node_args({"--", "hostname"}), "", env);
  INFO(hostname.out << hostname.err);
  REQUIRE(hostname.exit_code == 0);
  CHECK(contains(hostname.out, "team_0: team_0"));
  CHECK(contains(hostname.out, "team_1: team_1"));
  CHECK(contains(hostname.err, "trusting the host key of node team_0"));

  // What node 0 writes in the share, node 1 reads, through both mount points.
  auto write = ws.forma(node_args({"-node", "0", "--", "echo written-on-0 > notebooks/remote/marker.txt"}), "", env);
  INFO(write.out << write.err);
  REQUIRE(write.exit_code == 0);
  CHECK_FALSE(contains(write.err, "trusting"));  // keys are verified now, not trusted again
  auto read = ws.forma(node_args({"-node", "team_1", "--", "cat notebooks/remote/marker.txt datamnt/dsvmshare/marker.txt"}),
                       "", env);
  INFO(read.out << read.err);
  CHECK(read.exit_code == 0);
  CHECK(contains(read.out, "team_1: written-on-0\nteam_1: written-on-0"));

  // A command that exits 3 fails the run and names the node.
  auto failing = ws.forma(node_args({"--", "exit 3"}), "", env);
  CHECK(failing.exit_code == 1);
  CHECK(contains(failing.err, "failed on 2 of 2 nodes of azure_dsvm_pool.team"));
  CHECK(contains(failing.err, "3"));

  // Plain OpenSSH with the configured key, the host key pinned from the emulator.
  const std::string vmss = team_scale_set_id(env);
  const json servers = pool_ssh_servers(emulator, vmss);
  REQUIRE(servers.size() == 2);
  const std::string address = nodes[0]["ip_address"];
  std::string known_hosts;
  for (const json& s : servers)
    known_hosts += "[" + s["ipAddress"].get<std::string>() + "]:" + std::to_string(s["port"].get<int>()) + " " +
                   s["hostKey"].get<std::string>() + "\n";
  ws.write("known_hosts", known_hosts);
  auto openssh = ws.program({"ssh", "-F", "/dev/null", "-p", "50000", "-i", ws.path("pool_key"), "-o", "IdentitiesOnly=yes",
                             "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o",
                             "UserKnownHostsFile=" + ws.path("known_hosts"), "-o", "ConnectTimeout=10",
                             "dsvmuser@" + address, "hostname; cat notebooks/remote/marker.txt"});
  INFO(openssh.out << openssh.err);
  CHECK(openssh.exit_code == 0);
  CHECK(openssh.out == "team_0\nwritten-on-0\n");

  // Scale to zero: no instance, no SSH server; and back to two.
  ws.write("main.forma.json", pool_config(0, false, public_key));
  auto to_zero = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(to_zero.out << to_zero.err);
  REQUIRE(to_zero.exit_code == 0);
  CHECK(contains(to_zero.out, "0 added, 1 changed, 0 destroyed"));
  CHECK(pool_output(ws, "nodes").empty());
  CHECK(pool_ssh_servers(emulator, vmss).empty());
  CHECK_FALSE(accepts(address, 50000));
  ws.write("main.forma.json", pool_config(2, false, public_key));
  auto back = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(back.out << back.err);
  REQUIRE(back.exit_code == 0);
  const json again = pool_output(ws, "nodes");
  REQUIRE(again.size() == 2);
  auto after = ws.forma(node_args({"--", "cat notebooks/remote/marker.txt"}), "", env);
  INFO(after.out << after.err);
  CHECK(after.exit_code == 0);  // the share outlives the instances
  CHECK(contains(after.out, again[0]["node_id"].get<std::string>() + ": written-on-0"));
  CHECK(contains(after.out, again[1]["node_id"].get<std::string>() + ": written-on-0"));

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
  CHECK(pool_ssh_servers(emulator, vmss).empty());
  CHECK(emulator.admin("GET", "/_emulator/nodes")["value"].empty());
  for (const json& n : again) CHECK_FALSE(accepts(address, n["port"].get<int>()));
}

namespace {

// A loopback port nothing listens on (bound, then closed).
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof at;
  ::bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len);
  ::close(fd);
  return ntohs(at.sin_port);
}

// pool_config with `connection` and `provisioner` on the pool, and `extra` resources.
std::string pool_with(const std::string& public_key, const json& connection, const json& provisioners,
                      const json& extra_groups = json::object()) {
  json config = json::parse(pool_config(1, false, public_key));
  json& pool = config["resource"]["azure_dsvm_pool"]["team"];
  if (!connection.is_null()) pool["connection"] = connection;
  if (!provisioners.is_null()) pool["provisioner"] = provisioners;
  for (const auto& [name, body] : extra_groups.items()) config["resource"]["azure_resource_group"][name] = body;
  return config.dump(2);
}

}  // namespace

TEST_CASE("exit 3, a wrong host key, a wrong password and a refused connection: one clear error each, state kept") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  auto env = pool_env(emulator, ws);
  const json login = {{"user", "dsvmuser"}, {"private_key", "${file(\"pool_key\")}"}};

  // A remote-exec that exits 3 fails the apply and taints the pool.
  ws.write("main.forma.json",
           pool_with(public_key, login, json::array({{{"remote-exec", {{"inline", {"echo starting", "exit 3"}}}}}})));
  auto failed = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "azure_dsvm_pool.team"));
  CHECK(contains(failed.err, "exited with status 3"));
  CHECK(contains(failed.out, "starting"));
  auto listed = ws.forma({"state", "list"});
  CHECK(contains(listed.out, "azure_resource_group.rg"));
  CHECK(contains(listed.out, "azure_dsvm_pool.team"));  // created, recorded, tainted
  auto replan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(replan.out << replan.err);
  CHECK(contains(replan.out, "tainted"));
  CHECK(contains(replan.out, "1 to add, 0 to change, 1 to destroy"));

  // Without the provisioner the tainted pool is replaced; then a pinned host key that is not the node's.
  json pinned = login;
  pinned["host_key"] = kTestPublicKey;
  ws.write("main.forma.json", pool_with(public_key, pinned, nullptr));
  auto replaced = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(replaced.out << replaced.err);
  REQUIRE(replaced.exit_code == 0);
  auto wrong_key = ws.forma({"nodes", "exec", "azure_dsvm_pool.team", "--", "hostname"}, "", env);
  INFO(wrong_key.out << wrong_key.err);
  CHECK(wrong_key.exit_code == 1);
  CHECK(contains(wrong_key.err, "does not match"));
  CHECK_FALSE(contains(wrong_key.out, "team_"));  // nothing ran

  // A wrong password: refused, and never printed.
  const std::string wrong_password = "Wrong-Pa55-7f3c9e";
  ws.write("main.forma.json", pool_with(public_key, {{"user", "dsvmuser"}, {"password", wrong_password}}, nullptr));
  auto no_login = ws.forma({"nodes", "exec", "azure_dsvm_pool.team", "--", "hostname"}, "", env);
  INFO(no_login.out << no_login.err);
  CHECK(no_login.exit_code == 1);
  CHECK(contains(no_login.err, "authentication as dsvmuser on "));
  CHECK_FALSE(contains(no_login.out + no_login.err, wrong_password));

  // A refused connection fails the resource that provisions through it, and nothing else.
  const int port = closed_port();
  const json unreachable = {
      {"name", "forma-unreachable"},
      {"connection", {{"host", "127.0.0.1"}, {"port", port}, {"user", "nobody"}, {"password", "x"}, {"timeout", "1s"}}},
      {"provisioner", json::array({{{"remote-exec", {{"inline", {"true"}}}}}})}};
  ws.write("main.forma.json", pool_with(public_key, login, nullptr, {{"unreachable", unreachable}}));
  auto refused = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "127.0.0.1:" + std::to_string(port)));
  CHECK(contains(refused.err, "azure_resource_group.unreachable"));
  auto pool_fine = ws.forma({"plan", "-no-color", "-target", "azure_dsvm_pool.team"}, "", env);
  INFO(pool_fine.out << pool_fine.err);
  CHECK(contains(pool_fine.out, "No changes."));

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
  CHECK(emulator.admin("GET", "/_emulator/nodes")["value"].empty());
}

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

TEST_CASE("the pool's admin password, private key, storage key and client secret appear nowhere: output, logs, plan, state, arguments") {
  EmulatorProcess emulator;
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
  run({"apply", "-auto-approve", "-no-color", "tfplan"});
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
  const json pool_state = json::parse(ws.forma({"show", "-json"}, "", env).out, nullptr, false);
  std::string account_id;
  for (const json& r : pool_state["values"]["resources"])
    if (r["address"] == "azure_dsvm_pool.team") account_id = r["values"]["storage_account_id"];
  REQUIRE_FALSE(account_id.empty());
  const json keys = emulator.arm("POST", account_id + "/listKeys?api-version=2019-06-01");
  const std::string storage_key = keys["keys"][0]["value"];
  REQUIRE(storage_key.size() > 20);

  CHECK(ws.read("forma.log").find("[arm]") != std::string::npos);  // the trace log was written
  for (const std::string& secret : {password, key_line, storage_key, client_secret}) {
    INFO(secret);
    CHECK_FALSE(contains(seen, secret));
    for (const char* file : {"tfplan", "forma.log", "forma.state.db", "forma.state.db-wal"}) {
      INFO(file);
      CHECK_FALSE(contains(ws.read(file), secret));
    }
  }
  CHECK(watch.processes_seen() > 0);
  CHECK(watch.hits() == 0);
  CHECK(ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
}

namespace {

// The pool built from the low-level resources, as the DSVM template lays it out.
std::string network_config(int instances, const std::string& public_key) {
  const std::string rg = "${azure_resource_group.rg.name}";
  json vmss = {{"name", "lowvm"},
               {"resource_group", rg},
               {"vm_size", "Standard_D2s_v3"},
               {"instances", instances},
               {"subnet_id", "${azure_subnet.nodes.id}"},
               {"lb_backend_pool_ids", {"${azure_lb.lb.backend_address_pool_ids[\"bepool\"]}"}},
               {"lb_nat_pool_ids", {"${azure_lb.lb.nat_pool_ids[\"ssh\"]}"}},
               {"admin_username", "dsvmuser"},
               {"admin_ssh_keys", {public_key}},
               {"source_image", {{"publisher", "Canonical"}, {"offer", "UbuntuServer"}, {"sku", "18.04-LTS"}}}};
  json lb = {{"name", "lowlb"},
             {"resource_group", rg},
             {"frontend_ip_configurations", {{{"name", "fe"}, {"public_ip_address_id", "${azure_public_ip.ip.id}"}}}},
             {"backend_address_pools", {{{"name", "bepool"}}}},
             {"probes", {{{"name", "hub"}, {"port", 8000}}}},
             {"rules", {{{"name", "hub"}, {"frontend_ip_configuration_name", "fe"}, {"backend_address_pool_name", "bepool"},
                         {"probe_name", "hub"}, {"frontend_port", 8000}, {"backend_port", 8000}}}},
             {"nat_pools", {{{"name", "ssh"}, {"frontend_ip_configuration_name", "fe"}, {"frontend_port_start", 50000},
                             {"frontend_port_end", 50119}, {"backend_port", 22}}}}};
  json profile = {{"name", "always"}, {"minimum", 0}, {"maximum", 5}, {"default", instances}};
  json autoscale = {{"name", "lowscale"},
                    {"resource_group", rg},
                    {"target_resource_id", "${azure_linux_vmss.vm.id}"},
                    {"profiles", json::array({profile})}};
  json resources;
  resources["azure_resource_group"]["rg"] = {{"name", "forma-low"}};
  resources["azure_virtual_network"]["net"] = {{"name", "lownet"}, {"resource_group", rg}, {"address_space", {"10.1.0.0/16"}}};
  resources["azure_subnet"]["nodes"] = {
      {"name", "nodes"}, {"virtual_network_id", "${azure_virtual_network.net.id}"}, {"address_prefix", "10.1.0.0/24"}};
  resources["azure_public_ip"]["ip"] = {{"name", "lowip"}, {"resource_group", rg}};
  resources["azure_lb"]["lb"] = lb;
  resources["azure_linux_vmss"]["vm"] = vmss;
  resources["azure_autoscale_setting"]["scale"] = autoscale;
  json config = {{"provider", {{"azure", {{"location", "eastus"}}}}}, {"resource", resources}};
  return config.dump(2);
}

}  // namespace

TEST_CASE("the low-level network, scale set and autoscale resources make a pool whose instances answer SSH") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  auto env = pool_env(emulator, ws);
  ws.write("main.forma.json", network_config(2, public_key));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "7 added, 0 changed, 0 destroyed"));
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);

  auto hostname = ws.forma({"nodes", "exec", "azure_linux_vmss.vm", "-user", "dsvmuser", "-identity-file", "pool_key",
                            "--", "hostname"},
                           "", env);
  INFO(hostname.out << hostname.err);
  CHECK(hostname.exit_code == 0);
  CHECK(contains(hostname.out, "lowvm_0: "));
  CHECK(contains(hostname.out, "lowvm_1: "));

  ws.write("main.forma.json", network_config(3, public_key));
  auto resize = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(resize.out << resize.err);
  CHECK(resize.exit_code == 0);
  CHECK(contains(resize.out, "0 added, 2 changed, 0 destroyed"));  // the scale set and its autoscale default
  auto list = ws.forma({"nodes", "list", "azure_linux_vmss.vm"}, "", env);
  CHECK(contains(list.out, "lowvm_2"));

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
  CHECK(emulator.admin("GET", "/_emulator/nodes")["value"].empty());
}

TEST_CASE("an ed25519 key in OpenSSH's format logs in to the pool's instances") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "ed_key", "ed25519");
  REQUIRE(public_key.rfind("ssh-ed25519 ", 0) == 0);
  ws.write("main.forma.json", pool_config(1, false, public_key));
  auto env = pool_env(emulator, ws);
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  auto hostname = ws.forma({"nodes", "exec", "azure_dsvm_pool.team", "-user", "dsvmuser", "-identity-file", "ed_key",
                            "--", "hostname"},
                           "", env);
  INFO(hostname.out << hostname.err);
  CHECK(hostname.exit_code == 0);
  CHECK(contains(hostname.out, "team_0: team_0"));
  CHECK(ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
}
