#include <catch2/catch.hpp>

#include <mutex>

#include "engine/cli/node_exec.h"
#include "tests/engine/remote/fake_communicator.h"

using namespace forma;
using namespace forma::cli;
using forma::remote::testing::FakeCommunicator;
using forma::remote::testing::kHostKeyA;
using forma::remote::testing::kHostKeyB;

namespace {

apply::Connection connection_for_nodes(const json& nodes) {
  apply::Connection c;
  REQUIRE(apply::parse_connection(json{{"user", "azureuser"}, {"password", "pw"}}, json{{"nodes", nodes}}, c));
  return c;
}

const json kNodes = json::array({{{"node_id", "tvm-1"}, {"ip_address", "127.0.0.5"}, {"port", 50000}},
                                 {{"node_id", "tvm-2"}, {"ip_address", "127.0.0.5"}, {"port", 50001}}});

}  // namespace

TEST_CASE("exec runs on every node, labels lines by node and reports which nodes failed") {
  FakeCommunicator comm;
  for (int port : {50000, 50001}) {
    auto& h = comm.host("127.0.0.5:" + std::to_string(port));
    h.password = "pw";
    h.host_key = port == 50000 ? kHostKeyA : kHostKeyB;
    h.run = [port](const std::string& cmd, const remote::LineSink& sink) {
      sink(remote::Stream::Stdout, cmd + " on " + std::to_string(port));
      return port == 50001 ? 3 : 0;
    };
  }
  auto c = connection_for_nodes(kNodes);
  std::mutex mu;
  std::vector<std::string> lines;
  json recorded = {{"127.0.0.5:50000", kHostKeyA}};
  auto outcomes = exec_on_nodes(comm, c, c.targets, "hostname", recorded,
                                [&](const std::string& node, remote::Stream, std::string_view line) {
                                  std::lock_guard lock(mu);
                                  lines.push_back(node + ": " + std::string(line));
                                });
  std::sort(lines.begin(), lines.end());
  CHECK(lines == std::vector<std::string>{"tvm-1: hostname on 50000", "tvm-2: hostname on 50001"});
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].error.empty());
  CHECK(outcomes[0].first_use_key.empty());  // it had a recorded key
  CHECK(outcomes[1].error == "exit status 3");
  CHECK(outcomes[1].first_use_key == kHostKeyB);  // trusted on first use, to be recorded
}

TEST_CASE("exec refuses a node whose host key differs from the recorded one") {
  FakeCommunicator comm;
  auto& h = comm.host("127.0.0.5:50000");
  h.password = "pw";
  h.host_key = kHostKeyB;
  auto c = connection_for_nodes(json::array({kNodes[0]}));
  auto outcomes = exec_on_nodes(comm, c, c.targets, "true", json{{"127.0.0.5:50000", kHostKeyA}},
                                [](const std::string&, remote::Stream, std::string_view) {});
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].error.find("does not match") != std::string::npos);
  CHECK(comm.host("127.0.0.5:50000").commands.empty());
}

TEST_CASE("a connection without host and without nodes is refused with a clear message") {
  apply::Connection c;
  Status st = apply::parse_connection(json{{"user", "u"}}, json{{"id", "x"}}, c);
  CHECK_FALSE(st);
  CHECK(st.message().find("no host") != std::string::npos);
}

TEST_CASE("connection arguments are checked: unknown names, ports, durations, host keys") {
  apply::Connection c;
  CHECK(apply::parse_connection(json{{"hots", "h"}}, nullptr, c).message().find("Did you mean") != std::string::npos);
  CHECK_FALSE(apply::parse_connection(json{{"host", "h"}, {"port", "x"}}, nullptr, c));
  CHECK_FALSE(apply::parse_connection(json{{"host", "h"}, {"timeout", "soon"}}, nullptr, c));
  CHECK_FALSE(apply::parse_connection(json{{"host", "h"}, {"host_key", "not a key"}}, nullptr, c));
  CHECK_FALSE(apply::parse_connection(json{{"host", "h"}, {"type", "winrm"}}, nullptr, c));
  apply::Connection ok;
  REQUIRE(apply::parse_connection(json{{"host", "h"}, {"port", "2222"}, {"timeout", "30s"}, {"bastion_host", "b"}},
                                  nullptr, ok));
  CHECK(ok.targets.at(0).port == 2222);
  CHECK(ok.options.timeout == std::chrono::seconds(30));
  REQUIRE(ok.options.bastion);
  CHECK(ok.options.bastion->port == 2222);
  CHECK(ok.options.target.credentials.user == "root");
}
