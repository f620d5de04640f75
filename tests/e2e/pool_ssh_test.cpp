// A pool's instances as SSH servers: forma nodes, a shared share, the
// system OpenSSH client, scaling to zero; and how each kind of SSH failure
// is reported.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/e2e/pool_support.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
using forma::testing::contains;

namespace {

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
  return nodes_exec_args("azure_dsvm_pool.team", "pool_key", tail);
}

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
  auto hostname = ws.forma(nodes_exec_args("azure_dsvm_pool.team", "ed_key", {"--", "hostname"}), "", env);
  INFO(hostname.out << hostname.err);
  CHECK(hostname.exit_code == 0);
  CHECK(contains(hostname.out, "team_0: team_0"));
  CHECK(ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
}

TEST_CASE("a pool created in its scale-to-zero hours applies with no nodes: its provisioner runs on none") {
  EmulatorOptions night;
  night.extra_args = clock_start_tomorrow_at(23);  // inside 20:00-07:00 UTC
  EmulatorProcess emulator(night);
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  auto env = pool_env(emulator, ws);
  json config = json::parse(pool_with(public_key, {{"user", "dsvmuser"}, {"private_key", "${file(\"pool_key\")}"}},
                                      json::array({{{"remote-exec", {{"inline", {"echo ran-on-a-node"}}}}}})));
  config["resource"]["azure_dsvm_pool"]["team"]["instances"] = 2;
  config["resource"]["azure_dsvm_pool"]["team"]["autoscale"] = {
      {"min", 0}, {"max", 4}, {"scale_to_zero", {{"start", "20:00"}, {"end", "07:00"}}}};
  ws.write("main.forma.json", config.dump(2));

  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "Apply complete!"));
  CHECK(contains(apply.err, "Provisioner remote-exec of azure_dsvm_pool.team ran on no node"));
  CHECK_FALSE(contains(apply.out, "ran-on-a-node"));
  CHECK(pool_output(ws, "nodes") == json::array());
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);  // not tainted: nothing to replace
  auto exec = ws.forma(nodes_exec_args("azure_dsvm_pool.team", ws.path("pool_key"), {"--", "hostname"}), "", env);
  CHECK(exec.exit_code == 1);
  CHECK(contains(exec.err, "azure_dsvm_pool.team has no nodes now"));
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}
