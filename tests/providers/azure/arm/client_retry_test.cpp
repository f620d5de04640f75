#include <catch2/catch.hpp>
#include <set>

#include "tests/providers/azure/arm/fakes.h"

using namespace forma::azure;
using namespace forma::azure::testing;
using std::chrono::milliseconds;

namespace {

struct RetryFixture {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<CountingTokens> tokens = std::make_shared<CountingTokens>();
  FakeClock fake;
  ClientOptions options = test_options();

  ArmClient client() { return ArmClient(options, tokens, transport, fake.clock()); }
};

const std::string kId = "/subscriptions/s/resourceGroups/rg";

}  // namespace

TEST_CASE(
    "a request carries the api-version, bearer token, a fresh client request id and forma's user agent") {
  RetryFixture f;
  f.transport->answer(200, R"({"name":"rg"})").answer(200, "{}");
  ArmClient client = f.client();
  ArmResult r = client.request("GET", kId, "2021-04-01");
  REQUIRE(r.ok());
  CHECK(r.body["name"] == "rg");
  REQUIRE(client.request("POST", kId + "/x?top=2", "2021-04-01", forma::json{{"a", 1}}).ok());
  const auto& first = f.transport->sent[0];
  CHECK(first.url == "https://arm.test" + kId + "?api-version=2021-04-01");
  CHECK(f.transport->sent[1].url == "https://arm.test" + kId + "/x?top=2&api-version=2021-04-01");
  CHECK(first.headers.at("Authorization") == "Bearer token-1");
  CHECK(first.headers.at("User-Agent") == "forma/0.1.0");
  CHECK(first.headers.count("Content-Type") == 0);
  CHECK(f.transport->sent[1].headers.at("Content-Type") == "application/json");
  CHECK(f.transport->sent[1].body == R"({"a":1})");
  CHECK(first.headers.at("x-ms-client-request-id").size() == 36);
  CHECK(first.headers.at("x-ms-client-request-id") !=
        f.transport->sent[1].headers.at("x-ms-client-request-id"));
}

TEST_CASE("a 429 is retried after the Retry-After the server asked for") {
  RetryFixture f;
  f.options.base_backoff = milliseconds(100);
  f.transport
      ->answer(429, R"({"error":{"code":"TooManyRequests","message":"slow down"}})", {{"retry-after", "7"}})
      .answer(200, "{}");
  ArmResult r = f.client().get(kId, "2021-04-01");
  CHECK(r.ok());
  CHECK(f.transport->sent.size() == 2);
  REQUIRE(f.fake.sleeps.size() == 1);
  CHECK(f.fake.sleeps[0] == milliseconds(7000));
}

TEST_CASE("backoff doubles on each retry and stops growing at max_backoff") {
  RetryFixture f;
  f.options.base_backoff = milliseconds(100);
  f.options.max_backoff = milliseconds(500);
  f.options.max_attempts = 6;
  f.transport->answer(503).answer(500).drop().answer(502).answer(504).answer(200, "{}");
  CHECK(f.client().get(kId, "v").ok());
  std::vector<milliseconds> expected = {milliseconds(100), milliseconds(200), milliseconds(400),
                                        milliseconds(500), milliseconds(500)};
  CHECK(f.fake.sleeps == expected);
}

TEST_CASE("jitter scales the backoff down but Retry-After still sets the minimum") {
  RetryFixture f;
  f.options.base_backoff = milliseconds(1000);
  f.transport->answer(503).answer(503, "", {{"retry-after", "2"}}).answer(200, "{}");
  Clock clock = f.fake.clock();
  clock.jitter = [] { return 0.25; };
  ArmClient client(f.options, f.tokens, f.transport, clock);
  CHECK(client.get(kId, "v").ok());
  std::vector<milliseconds> expected = {milliseconds(250), milliseconds(2000)};
  CHECK(f.fake.sleeps == expected);
}

TEST_CASE("after max_attempts the client gives up with the last error") {
  RetryFixture f;
  f.options.max_attempts = 3;
  f.transport->answer(503)
      .answer(503)
      .answer(503, R"({"error":{"code":"ServerBusy","message":"try later"}})")
      .answer(200, "{}");
  ArmResult r = f.client().get(kId, "v");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "ServerBusy");
  CHECK(r.error->http_status == 503);
  CHECK(r.error->message.find("3 attempts") != std::string::npos);
  CHECK(f.transport->sent.size() == 3);
}

TEST_CASE("dropped connections are retried and then reported as ConnectionFailed") {
  RetryFixture f;
  f.options.max_attempts = 2;
  f.transport->drop("Connection refused").drop("Connection reset");
  ArmResult r = f.client().put(kId, "v", forma::json::object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "ConnectionFailed");
  CHECK(r.error->http_status == 0);
  CHECK(r.error->message.find("Connection reset") != std::string::npos);
}

TEST_CASE("a client error such as 409 is not retried") {
  RetryFixture f;
  f.transport->answer(409, R"({"error":{"code":"Conflict","message":"busy"}})");
  ArmResult r = f.client().get(kId, "v");
  CHECK(r.error->code == "Conflict");
  CHECK(f.transport->sent.size() == 1);
  CHECK(f.fake.sleeps.empty());
}

TEST_CASE("a 401 drops the cached token and retries once with a new one") {
  RetryFixture f;
  f.transport->answer(401, R"({"error":{"code":"ExpiredAuthenticationToken","message":"expired"}})")
      .answer(200, "{}");
  CHECK(f.client().get(kId, "v").ok());
  CHECK(f.tokens->invalidations == 1);
  CHECK(f.transport->sent[0].headers.at("Authorization") == "Bearer token-1");
  CHECK(f.transport->sent[1].headers.at("Authorization") == "Bearer token-2");
}

TEST_CASE("a second 401 is an authentication error, not a loop") {
  RetryFixture f;
  f.transport->answer(401).answer(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"no"}})");
  ArmResult r = f.client().get(kId, "v");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "InvalidAuthenticationToken");
  CHECK(f.tokens->invalidations == 1);
  CHECK(f.transport->sent.size() == 2);
}

TEST_CASE("a token source failure is an AuthenticationFailed error and sends nothing") {
  struct FailingTokens : TokenSource {
    forma::Status token(AccessToken&) override { return forma::Status::error("No Azure credentials"); }
    void invalidate() override {}
  };
  RetryFixture f;
  ArmClient client(f.options, std::make_shared<FailingTokens>(), f.transport, f.fake.clock());
  ArmResult r = client.get(kId, "v");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->code == "AuthenticationFailed");
  CHECK(r.error->message == "No Azure credentials");
  CHECK(f.transport->sent.empty());
}

TEST_CASE("get reports a missing resource as not_found without an error") {
  RetryFixture f;
  f.transport->answer(404, R"({"error":{"code":"ResourceNotFound","message":"gone"}})").answer(404);
  ArmClient client = f.client();
  ArmResult r = client.get(kId, "v");
  CHECK(r.not_found());
  CHECK(r.ok());
  ArmResult raw = client.request("GET", kId, "v");
  CHECK(raw.not_found());
  CHECK_FALSE(raw.ok());
}

TEST_CASE("POST actions are retried like the idempotent verbs") {
  RetryFixture f;
  f.transport->answer(500).answer(200, R"({"keys":[]})");
  ArmResult r =
      f.client().post(kId + "/providers/Microsoft.Storage/storageAccounts/sa/listKeys", "2019-06-01");
  REQUIRE(r.ok());
  CHECK(f.transport->sent.size() == 2);
  CHECK(f.transport->sent[1].method == "POST");
}
