#include <catch2/catch.hpp>
#include <thread>

#include "engine/provider/line_buffer.h"
#include "engine/provider/rpc_session.h"

using namespace forma;
using namespace forma::provider;
using std::chrono::milliseconds;

TEST_CASE("answers are matched to calls by id, whatever their order") {
  RpcSession session("test");
  int64_t first = 0, second = 0;
  CallResult failed;
  REQUIRE(session.begin_call("read_resource", json::object(), first, failed));
  REQUIRE(session.begin_call("apply_resource", json::object(), second, failed));
  session.on_line(R"({"jsonrpc":"2.0","id":)" + std::to_string(second) + R"(,"result":{"n":2}})");
  session.on_line(R"({"jsonrpc":"2.0","id":)" + std::to_string(first) + R"(,"result":{"n":1}})");
  CHECK(session.wait_for_answer(first, "read_resource", milliseconds(100)).result["n"] == 1);
  CHECK(session.wait_for_answer(second, "apply_resource", milliseconds(100)).result["n"] == 2);
}

TEST_CASE("a request line is one JSON-RPC object ending in a newline") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  auto line = session.begin_call("schema", json::object(), id, failed);
  REQUIRE(line);
  CHECK(line->back() == '\n');
  json msg = json::parse(*line);
  CHECK(msg == json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "schema"}, {"params", json::object()}});
}

TEST_CASE("a late answer to a timed-out call is dropped, not a protocol error") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  REQUIRE(session.begin_call("read_resource", json::object(), id, failed));
  CallResult r = session.wait_for_answer(id, "read_resource", milliseconds(10));
  CHECK(r.error == "provider \"test\" did not answer read_resource within 0.0s");
  session.on_line(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"result":{}})");
  CHECK_FALSE(session.has_failed());
}

TEST_CASE("a failure wakes every waiting call and refuses later ones") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  REQUIRE(session.begin_call("apply_resource", json::object(), id, failed));
  std::thread killer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    session.fail({"exited unexpectedly (killed by signal 9)", ""});
  });
  CallResult r = session.wait_for_answer(id, "apply_resource", milliseconds(10000));
  killer.join();
  CHECK(r.error == "provider \"test\" exited unexpectedly (killed by signal 9) during apply_resource");
  int64_t later = 0;
  CHECK_FALSE(session.begin_call("schema", json::object(), later, failed));
  CHECK(failed.error == "provider \"test\" exited unexpectedly (killed by signal 9) during schema");
}

TEST_CASE("garbage is quoted up to 60 characters") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  REQUIRE(session.begin_call("schema", json::object(), id, failed));
  session.on_line(std::string(100, 'g') + "\xff");
  CallResult r = session.wait_for_answer(id, "schema", milliseconds(100));
  CHECK(r.error == "provider \"test\" sent a line that is not JSON-RPC during schema: \"" + std::string(60, 'g') + "...\"");
}

TEST_CASE("a JSON-RPC error answer carries the plugin's message") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  REQUIRE(session.begin_call("plan_resource", json::object(), id, failed));
  session.on_line(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"unknown resource type \"x\""}})");
  CallResult r = session.wait_for_answer(id, "plan_resource", milliseconds(100));
  CHECK_FALSE(r.ok);
  CHECK(r.error == "provider \"test\" could not handle plan_resource: unknown resource type \"x\"");
}

TEST_CASE("lines are split at newlines and a long unfinished line overflows") {
  LineBuffer buffer(10);
  buffer.append("ab\r\ncd\nef");
  CHECK(buffer.next_line() == "ab");
  CHECK(buffer.next_line() == "cd");
  CHECK_FALSE(buffer.next_line());
  CHECK_FALSE(buffer.overflowed());
  buffer.append("ghijklmnop");
  CHECK_FALSE(buffer.next_line());
  CHECK(buffer.overflowed());
  buffer.append("\n");
  CHECK(buffer.next_line() == "efghijklmnop");
}

TEST_CASE("a result that is not an object fails the call with the plugin's name and the method") {
  RpcSession session("test");
  int64_t id = 0;
  CallResult failed;
  REQUIRE(session.begin_call("plan_resource", json::object(), id, failed));
  session.on_line(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"result":[1,2]})");
  CallResult r = session.wait_for_answer(id, "plan_resource", milliseconds(100));
  CHECK_FALSE(r.ok);
  CHECK(r.error == "provider \"test\" answered plan_resource with a result that is not an object: \"[1,2]\"");
  CHECK_FALSE(session.has_failed());  // one bad answer, not a broken connection
}
