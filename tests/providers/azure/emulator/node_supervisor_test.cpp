#include "providers/azure/emulator/node_supervisor.h"

#include <catch2/catch.hpp>
#include <random>

#include "ssh_test_client.h"

namespace forma::emulator::testing {
namespace {

namespace fs = std::filesystem;

struct SupervisorFixture {
  fs::path dir;
  TestKey key;
  NodeSupervisor supervisor;

  SupervisorFixture() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("forma-supervisor-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(rd()));
    key = TestKey::make(dir / "keys", "id");
  }
  ~SupervisorFixture() {
    supervisor.stop_all();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // A node of some other kind of resource than a Batch AI cluster.
  DesiredNode node(const std::string& name) const {
    DesiredNode n;
    n.key = "test/" + name;
    n.owner_id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets/pool";
    n.ssh.node_id = name;
    n.ssh.address = "127.0.0.1";
    n.ssh.user = "demo";
    n.ssh.authorized_key = key.public_line;
    n.ssh.home = dir / "nodes" / name;
    n.ssh.host_key_file = n.ssh.home / ".forma" / "key";
    n.mount_root = n.ssh.home / "mnt";
    n.mounts = {{"data", dir / "shared"}};
    return n;
  }

  std::optional<NodeStatus> find(const std::string& name) const {
    for (const NodeStatus& s : supervisor.status())
      if (s.node_id == name) return s;
    return std::nullopt;
  }
};

}  // namespace

TEST_CASE("the node supervisor starts listed nodes of any source and stops those no longer listed") {
  SupervisorFixture f;
  f.supervisor.reconcile({f.node("a"), f.node("b")});
  const auto a = f.find("a"), b = f.find("b");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->state == "idle");
  CHECK(a->error.empty());
  TestSshClient to_a("127.0.0.1", a->port);
  REQUIRE(to_a.connected());
  CHECK(to_a.host_key_line() == a->host_key);
  REQUIRE(to_a.auth_key("demo", f.key));
  CHECK(to_a.exec("echo shared > mnt/data/x && hostname").out == "a\n");
  TestSshClient to_b("127.0.0.1", b->port);
  REQUIRE(to_b.auth_key("demo", f.key));
  CHECK(to_b.exec("cat mnt/data/x").out == "shared\n");

  f.supervisor.reconcile({f.node("a")});
  CHECK_FALSE(f.find("b"));
  CHECK_FALSE(fs::exists(f.dir / "nodes" / "b"));  // a node that goes away is gone for good
  CHECK(fs::exists(f.dir / "shared" / "x"));       // the share it mounted stays
  TestSshClient after("127.0.0.1", b->port);
  CHECK_FALSE(after.connected());

  f.supervisor.stop_all();
  CHECK(f.supervisor.status().empty());
  CHECK(fs::exists(f.dir / "nodes" / "a" / ".forma" / "key"));  // shutdown keeps the node for a restart
  f.supervisor.reconcile({f.node("a")});
  REQUIRE(f.find("a"));
  CHECK(f.find("a")->host_key == a->host_key);
}

TEST_CASE("the node supervisor reports a node whose address is taken and serves it once it is free") {
  SupervisorFixture f;
  NodeSshSpec squatter = f.node("squatter").ssh;
  auto blocker = std::make_unique<NodeSshServer>(squatter);
  REQUIRE(blocker->start().is_ok());
  DesiredNode n = f.node("late");
  n.ssh.port = blocker->port();
  f.supervisor.reconcile({n});
  REQUIRE(f.find("late"));
  CHECK(f.find("late")->error.find("cannot listen") != std::string::npos);
  blocker->stop();
  f.supervisor.reconcile({n});
  CHECK(f.find("late")->error.empty());
  TestSshClient c("127.0.0.1", n.ssh.port);
  REQUIRE(c.connected());
  REQUIRE(c.auth_key("demo", f.key));
  CHECK(c.exec("hostname").out == "late\n");
}

}  // namespace forma::emulator::testing
