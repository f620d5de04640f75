// Batch AI cluster nodes as real SSH servers: keys, hostnames, shares,
// setup tasks, resize, delete and restart.
#include <catch2/catch.hpp>
#include <fstream>

#include "emulator_fixture.h"
#include "ssh_test_client.h"

namespace forma::emulator::testing {
namespace {

struct ClusterNodes {
  TestEmulator& emu;
  TestKey key;
  std::string id;

  ClusterNodes(TestEmulator& e, const std::string& name, int nodes, const json& node_setup = nullptr)
      : emu(e), key(TestKey::make(e.dir() / "client-keys", name)) {
    json body = cluster_body(nodes);
    body["properties"]["userAccountSettings"] = {{"adminUserName", "demo"},
                                                 {"adminUserSshPublicKey", key.public_line},
                                                 {"adminUserPassword", "Node-Pa55word"}};
    if (!node_setup.is_null()) body["properties"]["nodeSetup"] = node_setup;
    id = emu.workspace() + "/clusters/" + name;
    const Answer put = emu.arm("PUT", id + kBatchAi, body);
    INFO(put.body.dump());
    REQUIRE(put.status == 202);
    REQUIRE(emu.wait_for(put).value("status", "") == "Succeeded");
  }

  json nodes() { return emu.admin("GET", "/_emulator/nodes?cluster=" + id).body.value("value", json::array()); }

  // Polls the admin list until `count` nodes are all in `state`.
  json wait_nodes(size_t count, const std::string& state = "idle") {
    json last;
    eventually([&] {
      last = nodes();
      if (last.size() != count) return false;
      for (const json& n : last)
        if (n.value("state", "") != state) return false;
      return true;
    });
    INFO(last.dump(2));
    REQUIRE(last.size() == count);
    for (const json& n : last) REQUIRE(n.value("state", "") == state);
    return last;
  }

  std::unique_ptr<TestSshClient> login(const json& node) {
    auto c = std::make_unique<TestSshClient>(node["ipAddress"].get<std::string>(), node["port"].get<int>());
    REQUIRE(c->connected());
    CHECK(c->host_key_line() == node["hostKey"].get<std::string>());
    REQUIRE(c->auth_key("demo", key));
    return c;
  }
};

json share_mount() {
  return {{"mountVolumes",
           {{"azureFileShares",
             json::array({{{"accountName", "acct"},
                           {"azureFileUrl", "https://acct.file.core.windows.net/afs"},
                           {"relativeMountPath", "afs"},
                           {"credentials", {{"accountKey", "a2V5"}}}}})}}}};
}

bool refused(const json& node) {
  return eventually([&] {
    TestSshClient c(node["ipAddress"].get<std::string>(), node["port"].get<int>());
    return !c.connected() && c.connect_errno() == ECONNREFUSED;
  });
}

}  // namespace

TEST_CASE("each node of a cluster is an SSH server on the login address with its own hostname") {
  TestEmulator emu;
  ClusterNodes cluster(emu, "c1", 2);
  const json nodes = cluster.wait_nodes(2);
  const Answer logins = emu.arm("POST", cluster.id + "/listRemoteLoginInformation" + kBatchAi);
  REQUIRE(logins.status == 200);
  REQUIRE(logins.body["value"].size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    const json& login = logins.body["value"][i];
    CHECK(login["ipAddress"] == nodes[i]["ipAddress"]);
    CHECK(login["port"] == nodes[i]["port"]);
    CHECK(login["nodeId"] == nodes[i]["nodeId"]);
    CHECK(nodes[i]["port"] == 50000 + static_cast<int>(i));
  }
  auto first = cluster.login(nodes[0]);
  auto second = cluster.login(nodes[1]);
  CHECK(first->exec("hostname").out == nodes[0]["nodeId"].get<std::string>() + "\n");
  CHECK(second->exec("hostname").out == nodes[1]["nodeId"].get<std::string>() + "\n");
  CHECK(nodes[0]["hostKey"] != nodes[1]["hostKey"]);
  const ExecResult r = first->exec("echo $USER; exit 3");
  CHECK(r.out == "demo\n");
  CHECK(r.exit_status == 3);

  TestSshClient by_password(nodes[0]["ipAddress"].get<std::string>(), nodes[0]["port"].get<int>());
  REQUIRE(by_password.connected());
  CHECK(by_password.auth_password("demo", "Node-Pa55word"));
  CHECK(emu.arm("GET", cluster.id + kBatchAi).body.dump().find("Node-Pa55word") == std::string::npos);
  TestSshClient wrong(nodes[0]["ipAddress"].get<std::string>(), nodes[0]["port"].get<int>());
  CHECK_FALSE(wrong.auth_password("demo", "Not-The-Pa55word"));
  CHECK_FALSE(wrong.auth_key("root", cluster.key));
}

TEST_CASE("a file written in a mounted share on node 0 is read on node 1 and is the share's content") {
  TestEmulator emu;
  ClusterNodes cluster(emu, "shared", 2, share_mount());
  const json nodes = cluster.wait_nodes(2);
  CHECK(cluster.login(nodes[0])->exec("echo from-node-0 > $AZ_BATCHAI_MOUNT_ROOT/afs/note.txt").exit_status == 0);
  CHECK(cluster.login(nodes[1])->exec("cat $AZ_BATCHAI_MOUNT_ROOT/afs/note.txt").out == "from-node-0\n");
  std::ifstream in(emu.dir() / "shares" / "acct" / "files" / "afs" / "note.txt");
  std::string line;
  std::getline(in, line);
  CHECK(line == "from-node-0");
}

TEST_CASE("a cluster's setup task runs on each node with its variables and secrets, output under the prefix") {
  TestEmulator emu;
  json setup = share_mount();
  setup["setupTask"] = {{"commandLine", "echo setup $GREETING $AZ_BATCHAI_JOB_TEMP; echo $TOKEN >&2"},
                        {"environmentVariables", json::array({{{"name", "GREETING"}, {"value", "hello"}}})},
                        {"secrets", json::array({{{"name", "TOKEN"}, {"value", "s3cret-t0ken"}}})},
                        {"stdOutErrPathPrefix", "$AZ_BATCHAI_MOUNT_ROOT/afs/setup"}};
  ClusterNodes cluster(emu, "setup", 2, setup);
  const json nodes = cluster.wait_nodes(2);
  const json body = emu.arm("GET", cluster.id + kBatchAi).body;
  CHECK(body.dump().find("s3cret-t0ken") == std::string::npos);
  CHECK(body["properties"]["nodeStateCounts"]["idleNodeCount"] == 2);
  const std::string suffix = body["properties"]["nodeSetup"]["setupTask"].value("stdOutErrPathSuffix", "");
  REQUIRE(suffix.find("/clusters/setup/") != std::string::npos);
  for (const json& n : nodes) {
    const fs::path dir = emu.dir() / "shares" / "acct" / "files" / "afs" / "setup" / suffix / n["nodeId"].get<std::string>();
    std::ifstream out(dir / "stdout.txt"), err(dir / "stderr.txt");
    std::string out_line, err_line;
    std::getline(out, out_line);
    std::getline(err, err_line);
    CHECK(out_line == "setup hello " + (fs::path(n["home"].get<std::string>()) / "tmp").string());
    CHECK(err_line == "s3cret-t0ken");
  }
}

TEST_CASE("a failing setup task makes its nodes unusable, in node counts and the node list") {
  TestEmulator emu;
  json setup = share_mount();
  setup["setupTask"] = {{"commandLine", "echo failing; exit 7"}, {"stdOutErrPathPrefix", "$AZ_BATCHAI_MOUNT_ROOT/afs"}};
  ClusterNodes cluster(emu, "broken", 1, setup);
  const json nodes = cluster.wait_nodes(1, "unusable");
  CHECK(nodes[0].value("error", "").find("exit code 7") != std::string::npos);
  const json body = emu.wait_until(cluster.id + kBatchAi, [](const json& b) {
    return b["properties"]["nodeStateCounts"].value("unusableNodeCount", 0) == 1;
  });
  CHECK(body["properties"]["nodeStateCounts"]["unusableNodeCount"] == 1);
  CHECK(body["properties"]["nodeStateCounts"]["idleNodeCount"] == 0);
}

TEST_CASE("a node is preparing while its setup task runs and idle once it ends") {
  TestEmulator emu;
  json setup = share_mount();
  setup["setupTask"] = {{"commandLine", "while [ ! -e $AZ_BATCHAI_MOUNT_ROOT/afs/go ]; do sleep 0.05; done"},
                        {"stdOutErrPathPrefix", "$AZ_BATCHAI_MOUNT_ROOT/afs"}};
  ClusterNodes cluster(emu, "slow", 1, setup);
  const json nodes = cluster.wait_nodes(1, "preparing");
  const json preparing = emu.wait_until(cluster.id + kBatchAi, [](const json& b) {
    return b["properties"]["nodeStateCounts"].value("preparingNodeCount", 0) == 1;
  });
  CHECK(preparing["properties"]["nodeStateCounts"]["preparingNodeCount"] == 1);
  CHECK(preparing["properties"]["nodeStateCounts"]["idleNodeCount"] == 0);
  cluster.login(nodes[0]);  // a preparing node already answers SSH
  std::ofstream(emu.dir() / "shares" / "acct" / "files" / "afs" / "go") << "go\n";
  cluster.wait_nodes(1, "idle");
  const json idle = emu.wait_until(cluster.id + kBatchAi, [](const json& b) {
    return b["properties"]["nodeStateCounts"].value("idleNodeCount", 0) == 1;
  });
  CHECK(idle["properties"]["nodeStateCounts"]["idleNodeCount"] == 1);
}

TEST_CASE("deleting the resource group stops the nodes of its clusters") {
  TestEmulator emu;
  ClusterNodes cluster(emu, "grouped", 1);
  const json nodes = cluster.wait_nodes(1);
  const Answer del = emu.arm("DELETE", emu.subscription() + "/resourceGroups/rg" + kResources);
  REQUIRE(del.status / 100 == 2);
  CHECK(refused(nodes[0]));
  CHECK(eventually([&] { return cluster.nodes().empty(); }));
}

TEST_CASE("resizing a cluster down stops the removed node's server; deleting it stops all") {
  TestEmulator emu;
  ClusterNodes cluster(emu, "resize", 2);
  const json nodes = cluster.wait_nodes(2);
  const Answer patch =
      emu.arm("PATCH", cluster.id + kBatchAi, {{"properties", {{"scaleSettings", {{"manual", {{"targetNodeCount", 1}}}}}}}});
  REQUIRE(patch.status == 200);
  cluster.wait_nodes(1);
  CHECK(refused(nodes[1]));
  cluster.login(nodes[0]);
  const Answer del = emu.arm("DELETE", cluster.id + kBatchAi);
  REQUIRE(del.status == 202);
  CHECK(refused(nodes[0]));
  CHECK(cluster.nodes().empty());
}

TEST_CASE("an emulator restart brings its nodes back with the same host keys") {
  const fs::path dir = scratch_dir();
  json before;
  std::string id;
  TestKey key;
  {
    TestEmulator emu(test_options(), dir);
    ClusterNodes cluster(emu, "kept", 2);
    before = cluster.wait_nodes(2);
    id = cluster.id;
    key = cluster.key;
  }
  CHECK(refused(before[0]));
  {
    TestEmulator emu(test_options(), dir);
    const json after = emu.admin("GET", "/_emulator/nodes?cluster=" + id).body["value"];
    REQUIRE(after.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
      CHECK(after[i]["hostKey"] == before[i]["hostKey"]);
      CHECK(after[i]["state"] == "idle");
      TestSshClient c(after[i]["ipAddress"].get<std::string>(), after[i]["port"].get<int>());
      REQUIRE(c.connected());
      CHECK(c.host_key_line() == before[i]["hostKey"].get<std::string>());
      CHECK(c.auth_key("demo", key));
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("OpenSSH's ssh reaches a cluster node on port 50000 with the reported host key") {
  TestEmulator emu;
  ClusterNodes cluster(emu, "openssh", 1);
  const json node = cluster.wait_nodes(1)[0];
  const std::string address = node["ipAddress"];
  const fs::path known = emu.dir() / "known_hosts";
  std::ofstream(known) << "[" << address << "]:50000 " << node["hostKey"].get<std::string>() << "\n";
  std::string out;
  const int code = run_program({"/usr/bin/ssh", "-F", "/dev/null", "-o", "UserKnownHostsFile=" + known.string(), "-o",
                                "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-i",
                                cluster.key.private_file.string(), "-p", "50000", "demo@" + address, "hostname"},
                               out);
  INFO(out);
  CHECK(code == 0);
  CHECK(out == node["nodeId"].get<std::string>() + "\n");
}

}  // namespace forma::emulator::testing
