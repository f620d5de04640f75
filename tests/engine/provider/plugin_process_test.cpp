#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "engine/provider/provider.h"
#include "plugin_test_support.h"

using namespace forma;
using namespace forma::provider;
using namespace forma::provider::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<PluginProcess> start_plugin(const std::string& exe, PluginOptions options = {}) {
  std::string error;
  auto plugin = PluginProcess::start("test", exe, options, error);
  INFO(error);
  REQUIRE(plugin);
  return plugin;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

TEST_CASE("the handshake reports the plugin's name and version") {
  auto plugin = start_plugin(test_provider_path());
  CHECK(plugin->name() == "test");
  CHECK(plugin->handshake()["protocol_version"] == 1);
  CHECK(plugin->handshake()["name"] == "test");
}

TEST_CASE("calls answer with the plugin's result") {
  auto plugin = start_plugin(test_provider_path());
  CallResult r = plugin->call("read_data", {{"type", "test_echo"}, {"config", {{"input", "hi"}}}});
  REQUIRE(r.ok);
  CHECK(r.result["state"]["output"] == "hi");
}

TEST_CASE("a JSON-RPC error names the plugin and the method") {
  auto plugin = start_plugin(test_provider_path());
  CallResult r = plugin->call("no_such_method", json::object());
  CHECK_FALSE(r.ok);
  CHECK(r.error == "provider \"test\" could not handle no_such_method: unknown method \"no_such_method\"");
}

TEST_CASE("many calls are in flight at once and answered in any order") {
  auto plugin = start_plugin(test_provider_path());
  CallResult configured = plugin->call("configure", {{"config", {{"latency_ms", 200}}}});
  INFO(configured.error);
  REQUIRE(configured.ok);
  const json state = {{"id", "abc"}, {"triggers", nullptr}};

  struct Span {
    double start, end;
  };
  std::mutex mu;
  std::vector<Span> spans;
  std::vector<std::thread> threads;
  auto t0 = Clock::now();
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      double start = seconds_since(t0);
      CallResult r = plugin->call("read_resource", {{"type", "test_null"}, {"address", "test_null.a"}, {"state", state}});
      double end = seconds_since(t0);
      std::lock_guard<std::mutex> lock(mu);
      CHECK(r.ok);
      spans.push_back({start, end});
    });
  }
  // validate_resource does not sleep: its answer overtakes the slow reads.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CallResult quick = plugin->call("validate_resource", {{"type", "test_null"}, {"mode", "managed"}, {"config", json::object()}});
  double quick_end = seconds_since(t0);
  for (auto& t : threads) t.join();
  REQUIRE(quick.ok);

  // A plugin handling one read at a time answers them at least 200 ms apart;
  // in flight together, most answers arrive within one latency of each other.
  size_t most_within_window = 0;
  for (const auto& s : spans) {
    size_t close = std::count_if(spans.begin(), spans.end(), [&](const Span& o) { return o.end >= s.end && o.end < s.end + 0.15; });
    most_within_window = std::max(most_within_window, close);
  }
  CHECK(most_within_window >= 10);
  size_t reads_done_before_quick = std::count_if(spans.begin(), spans.end(), [&](const Span& s) { return s.end < quick_end; });
  CHECK(reads_done_before_quick < spans.size());
}

TEST_CASE("a plugin that exits during a call fails it with the exit status") {
  ScratchDir dir;
  auto plugin = start_plugin(write_fake_plugin(dir, "exits", "exit 3"));
  CallResult r = plugin->call("apply_resource", json::object());
  CHECK_FALSE(r.ok);
  CHECK(r.error == "provider \"test\" exited unexpectedly (exit status 3) during apply_resource");
  // Later calls fail at once with the same reason.
  CallResult later = plugin->call("read_resource", json::object());
  CHECK(later.error == "provider \"test\" exited unexpectedly (exit status 3) during read_resource");
}

TEST_CASE("a plugin killed during a call fails it naming the signal") {
  ScratchDir dir;
  auto plugin = start_plugin(write_fake_plugin(dir, "killed", "kill -9 $$"));
  CallResult r = plugin->call("apply_resource", json::object());
  CHECK(r.error == "provider \"test\" exited unexpectedly (killed by signal 9) during apply_resource");
}

TEST_CASE("a line that is not JSON-RPC fails the call and quotes the line") {
  ScratchDir dir;
  auto plugin = start_plugin(write_fake_plugin(dir, "garbage", "echo 'panic: something went very wrong'; sleep 5"));
  auto t0 = Clock::now();
  CallResult r = plugin->call("read_resource", json::object());
  CHECK(r.error == "provider \"test\" sent a line that is not JSON-RPC during read_resource: "
                   "\"panic: something went very wrong\"");
  plugin.reset();  // a broken plugin is killed, not waited for
  CHECK(seconds_since(t0) < 2.0);
}

TEST_CASE("an answer with an id nobody asked for fails the connection") {
  ScratchDir dir;
  auto plugin = start_plugin(write_fake_plugin(dir, "wrongid",
                                               "echo '{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{}}'; sleep 5"));
  CallResult r = plugin->call("schema", json::object());
  CHECK(r.error == "provider \"test\" sent a response with unknown id 999 during schema");
}

TEST_CASE("a plugin that never answers times out without hanging") {
  ScratchDir dir;
  PluginOptions options;
  options.call_timeout_ms = 300;
  auto plugin = start_plugin(write_fake_plugin(dir, "silent", "exec sleep 30"), options);
  auto t0 = Clock::now();
  CallResult r = plugin->call("read_resource", json::object());
  CHECK(r.error == "provider \"test\" did not answer read_resource within 0.3s");
  plugin.reset();  // stop is not answered either: killed after the grace period
  CHECK(seconds_since(t0) < 4.0);
}

TEST_CASE("a line longer than the limit fails the connection") {
  ScratchDir dir;
  PluginOptions options;
  options.max_line_bytes = 1000;
  auto plugin = start_plugin(write_fake_plugin(dir, "long", "yes x | tr -d '\\n' | head -c 5000; sleep 5"), options);
  CallResult r = plugin->call("schema", json::object());
  CHECK_THAT(r.error, Catch::StartsWith("provider \"test\" sent a line longer than 1000 bytes during schema: \"xxx"));
}

TEST_CASE("a plugin that dies before the handshake is a start error") {
  ScratchDir dir;
  std::string path = dir.file("forma-provider-dead");
  { std::ofstream(path) << "#!/bin/sh\necho oops >&2\nexit 7\n"; }
  ::chmod(path.c_str(), 0755);
  std::string error;
  auto plugin = PluginProcess::start("dead", path, {}, error);
  CHECK_FALSE(plugin);
  CHECK(error == "provider \"dead\" exited unexpectedly (exit status 7) during handshake");
}

TEST_CASE("a missing executable is a start error naming it") {
  std::string error;
  auto plugin = PluginProcess::start("nope", "/nonexistent/forma-provider-nope", {}, error);
  CHECK_FALSE(plugin);
  CHECK(error == "provider \"nope\": cannot run /nonexistent/forma-provider-nope: No such file or directory");
}

TEST_CASE("a plugin speaking another protocol version is refused naming both versions") {
  ScratchDir dir;
  std::string path = dir.file("forma-provider-v2");
  {
    std::ofstream(path) << "#!/bin/sh\nread -r line\n"
                           "echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocol_version\":2}}'\n"
                           "read -r line\n";
  }
  ::chmod(path.c_str(), 0755);
  std::string error;
  auto plugin = PluginProcess::start("v2", path, {}, error);
  CHECK_FALSE(plugin);
  CHECK(error == "provider \"v2\" speaks protocol version 2 but forma speaks version 1");
}

TEST_CASE("the plugin's stderr goes to the log file") {
  ScratchDir dir;
  std::string path = dir.file("forma-provider-chatty");
  {
    std::ofstream(path) << "#!/bin/sh\necho \"hello from $FORMA_TEST_GREETING\" >&2\nread -r line\n"
                           "echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocol_version\":1}}'\n"
                           "read -r line\n";
  }
  ::chmod(path.c_str(), 0755);
  PluginOptions options;
  options.log_path = dir.file("plugin.log");
  options.env = {"FORMA_TEST_GREETING=the plugin"};
  { start_plugin(path, options); }
  std::ifstream log(options.log_path);
  std::string line;
  std::getline(log, line);
  CHECK(line == "hello from the plugin");
}

TEST_CASE("stopping a plugin ends its process") {
  auto plugin = start_plugin(test_provider_path());
  auto t0 = Clock::now();
  plugin.reset();
  CHECK(seconds_since(t0) < 1.5);  // it answered stop and exited; no kill was needed
}
