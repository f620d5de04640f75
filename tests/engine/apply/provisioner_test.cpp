// Provisioners in apply, against the fake communicator: remote-exec and file
// after a create, destroy-time ones before a delete, host keys recorded at
// create and verified afterwards, failures tainting the object.
#include <mutex>

#include <catch2/catch.hpp>

#include "tests/engine/plan/run_fixture.h"
#include "tests/engine/remote/fake_communicator.h"

using namespace forma;
using namespace forma::plan;
using namespace forma::plan::testing;
using forma::remote::testing::FakeCommunicator;
using forma::remote::testing::kHostKeyA;
using forma::remote::testing::kHostKeyB;

namespace {

class Lines : public RunObserver {
 public:
  void provisioner_output(const std::string& address, const std::string& provisioner, const std::string& node,
                          const std::string& line) override {
    std::lock_guard lock(mu_);
    lines.push_back(address + " (" + provisioner + (node.empty() ? "" : " on " + node) + "): " + line);
  }
  std::vector<std::string> lines;
  std::mutex mu_;
};

const char* kOneHost = R"({
  "variable": {"key": {"type": "string", "sensitive": true, "default": "PRIVATE-KEY-TEXT"}},
  "resource": {"fake_thing": {"a": {
    "name": "a",
    "connection": {"host": "127.0.0.5", "port": 50000, "user": "azureuser", "private_key": "${var.key}"},
    "provisioner": [
      {"file": {"content": "id=${self.id}", "destination": "/tmp/id.txt"}},
      {"remote-exec": {"inline": ["echo hello from ${self.name}", "exit 0"]}}
    ]}}}})";

void serve(FakeCommunicator& comm, const std::string& endpoint, const char* host_key, int exit_status = 0) {
  auto& h = comm.host(endpoint);
  h.host_key = host_key;
  h.private_key = "PRIVATE-KEY-TEXT";
  h.run = [exit_status](const std::string&, const remote::LineSink& sink) {
    sink(remote::Stream::Stdout, "hello");
    return exit_status;
  };
}

}  // namespace

TEST_CASE("after a create, file and remote-exec provisioners run over the resource's connection with self") {
  RunFixture f;
  FakeCommunicator comm;
  Lines lines;
  f.communicator = &comm;
  f.observer = &lines;
  serve(comm, "127.0.0.5:50000", kHostKeyA);
  f.config(kOneHost);
  auto r = f.apply();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  auto& host = comm.host("127.0.0.5:50000");
  std::string id = f.object("fake_thing.a")->attributes["id"];
  CHECK(host.files.at("/tmp/id.txt") == "id=" + id);
  // The inline script was uploaded and run, and its output streamed with the address.
  bool script = false;
  for (const auto& [path, content] : host.files)
    if (content == "echo hello from a\nexit 0\n") script = path.rfind("/tmp/forma_", 0) == 0;
  CHECK(script);
  CHECK(lines.lines == std::vector<std::string>{"fake_thing.a (remote-exec): hello"});
  CHECK(comm.connects().front().target.credentials.private_key == "PRIVATE-KEY-TEXT");
}

TEST_CASE("the host key seen at create is recorded in state and refused when it changes") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  serve(comm, "127.0.0.5:50000", kHostKeyA);
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a",
    "connection": {"host": "127.0.0.5", "port": 50000, "user": "azureuser", "private_key": "PRIVATE-KEY-TEXT"},
    "provisioner": [{"remote-exec": {"inline": ["true"], "when": "destroy"}},
                    {"remote-exec": {"inline": ["true"]}}]}}}})");
  REQUIRE(f.apply().ok);
  CHECK(comm.connects().front().target.host_key.trust_on_first_use);
  auto o = f.object("fake_thing.a");
  CHECK(o->private_data["host_keys"]["127.0.0.5:50000"] == kHostKeyA);

  // The node now presents another key: the destroy-time provisioner refuses it and nothing is destroyed.
  comm.host("127.0.0.5:50000").host_key = kHostKeyB;
  RunOptions destroy;
  destroy.destroy = true;
  auto r = f.apply(destroy);
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "does not match"));
  CHECK(mentions(r.plan.diags, "127.0.0.5:50000"));
  CHECK_FALSE(comm.connects().back().target.host_key.trust_on_first_use);
  CHECK(f.object("fake_thing.a"));
  CHECK(f.fake->apply_log().back() != "delete fake_thing.a");
}

TEST_CASE("a configured host_key is required to match, even at create") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  serve(comm, "127.0.0.5:50000", kHostKeyB);
  f.config(std::string(R"({"resource": {"fake_thing": {"a": {"name": "a",
    "connection": {"host": "127.0.0.5", "port": 50000, "user": "azureuser", "private_key": "PRIVATE-KEY-TEXT",
                   "host_key": ")") + kHostKeyA + R"("},
    "provisioner": {"remote-exec": {"inline": ["true"]}}}}}})");
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "Provisioner remote-exec of fake_thing.a failed"));
  CHECK(mentions(r.plan.diags, "does not match"));
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Tainted);
}

TEST_CASE("a non-zero exit fails the resource with one error and taints it; the next plan replaces it") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  serve(comm, "127.0.0.5:50000", kHostKeyA, 3);
  f.config(kOneHost);
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  int errors = 0;
  for (const auto& d : r.plan.diags) errors += d.severity == Severity::Error;
  CHECK(errors == 1);
  CHECK(mentions(r.plan.diags, "exited with status 3"));
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Tainted);
  CHECK(action_of(f.plan().plan, "fake_thing.a") == Action::Replace);
}

TEST_CASE("on_failure continue turns a failed provisioner into a warning") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  f.config(R"({"resource": {"fake_thing": {"a": {"name": "a",
    "connection": {"host": "127.0.0.6", "user": "azureuser", "password": "pw"},
    "provisioner": {"remote-exec": {"inline": ["true"], "on_failure": "continue"}}}}}})");
  auto r = f.apply();  // nothing listens on 127.0.0.6
  INFO(describe(r.plan.diags));
  CHECK(r.ok);
  REQUIRE(r.plan.diags.size() == 1);
  CHECK(r.plan.diags[0].severity == Severity::Warning);
  CHECK(mentions(r.plan.diags, "Connection refused"));
  CHECK(f.object("fake_thing.a")->status == state::ResourceStatus::Created);
}

TEST_CASE("without a host, a provisioner runs on every node of the object, labelled by node id") {
  RunFixture f;
  FakeCommunicator comm;
  Lines lines;
  f.communicator = &comm;
  f.observer = &lines;
  for (int i = 0; i < 2; ++i) serve(comm, "127.0.0." + std::to_string(10 + i) + ":" + std::to_string(50000 + i), i ? kHostKeyB : kHostKeyA);
  f.config(R"({"resource": {"fake_pool": {"p": {"size": 2,
    "connection": {"user": "azureuser", "private_key": "PRIVATE-KEY-TEXT"},
    "provisioner": {"remote-exec": {"inline": ["hostname"]}}}}}})");
  auto r = f.apply();
  INFO(describe(r.plan.diags));
  REQUIRE(r.ok);
  std::string id = f.object("fake_pool.p")->attributes["id"];
  std::sort(lines.lines.begin(), lines.lines.end());
  CHECK(lines.lines == std::vector<std::string>{"fake_pool.p (remote-exec on " + id + "-node0): hello",
                                                "fake_pool.p (remote-exec on " + id + "-node1): hello"});
  auto keys = f.object("fake_pool.p")->private_data["host_keys"];
  CHECK(keys["127.0.0.10:50000"] == kHostKeyA);
  CHECK(keys["127.0.0.11:50001"] == kHostKeyB);
}

TEST_CASE("count.index is available in connection and provisioner blocks") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  for (int i = 0; i < 2; ++i) serve(comm, "127.0.0.2" + std::to_string(i) + ":22", kHostKeyA);
  f.config(R"({"resource": {"fake_thing": {"a": {"count": 2, "name": "a${count.index}",
    "connection": {"host": "127.0.0.2${count.index}", "user": "azureuser", "private_key": "PRIVATE-KEY-TEXT"},
    "provisioner": {"file": {"content": "${count.index}", "destination": "/tmp/index"}}}}}})");
  REQUIRE(f.apply().ok);
  CHECK(comm.host("127.0.0.20:22").files.at("/tmp/index") == "0");
  CHECK(comm.host("127.0.0.21:22").files.at("/tmp/index") == "1");
}

TEST_CASE("a sensitive password in a connection never appears in diagnostics") {
  RunFixture f;
  FakeCommunicator comm;
  f.communicator = &comm;
  auto& h = comm.host("127.0.0.7:22");
  h.password = "right";
  f.config(R"({"variable": {"pw": {"type": "string", "sensitive": true, "default": "Wrong-Secret-123"}},
    "resource": {"fake_thing": {"a": {"name": "a",
    "connection": {"host": "127.0.0.7", "user": "azureuser", "password": "${var.pw}"},
    "provisioner": {"remote-exec": {"inline": ["true"]}}}}}})");
  auto r = f.apply();
  CHECK_FALSE(r.ok);
  CHECK(mentions(r.plan.diags, "authentication as azureuser"));
  CHECK_FALSE(mentions(r.plan.diags, "Wrong-Secret-123"));
}
