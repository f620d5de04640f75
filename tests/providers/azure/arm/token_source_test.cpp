#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "providers/azure/arm/token_sources.h"
#include "tests/providers/azure/arm/fakes.h"

using namespace forma::azure;
using namespace forma::azure::testing;
namespace fs = std::filesystem;

namespace {

const std::string kClientSecret = "p@ss w0rd&=secret";

Credentials service_principal(const std::string& authority = "https://login.test") {
  Credentials c;
  c.endpoint = "https://arm.test/";
  c.authority = authority;
  c.tenant_id = "tenant-1";
  c.client_id = "client-1";
  c.client_secret = kClientSecret;
  return c;
}

std::string token_answer(const std::string& token, int expires_in = 3599) {
  return R"({"token_type":"Bearer","expires_in":)" + std::to_string(expires_in) + R"(,"access_token":")" +
         token + R"("})";
}

Sleep no_sleep(std::vector<std::chrono::milliseconds>* sleeps = nullptr) {
  return [sleeps](std::chrono::milliseconds d) {
    if (sleeps) sleeps->push_back(d);
  };
}

// Sets environment variables for one test and puts them back after.
class ScopedEnv {
 public:
  void set(const char* name, const std::string* value) {
    const char* old = std::getenv(name);
    saved_.push_back({name, old ? std::optional<std::string>(old) : std::nullopt});
    if (value)
      setenv(name, value->c_str(), 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second)
        setenv(it->first, it->second->c_str(), 1);
      else
        unsetenv(it->first);
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

// A directory holding only a fake `az` script with the given body, or nothing.
struct FakePath {
  fs::path dir;
  explicit FakePath(const std::string& az_script) {
    dir = fs::temp_directory_path() /
          ("forma-arm-path-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
    fs::create_directories(dir);
    if (az_script.empty()) return;
    std::ofstream(dir / "az") << "#!/bin/sh\n" << az_script;
    fs::permissions(dir / "az", fs::perms::owner_all);
  }
  ~FakePath() { fs::remove_all(dir); }
};

void clear_arm_environment(ScopedEnv& env, const std::string& path) {
  for (const char* name : {"ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "ARM_USE_MSI"})
    env.set(name, nullptr);
  env.set("PATH", &path);
}

}  // namespace

TEST_CASE("a client-secret token is requested once and served from the cache until invalidated") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(200, token_answer("t1")).answer(200, token_answer("t2"));
  ClientSecretTokenSource source(service_principal(), transport, no_sleep());
  AccessToken a, b, c;
  REQUIRE(source.token(a));
  REQUIRE(source.token(b));
  CHECK(a.value == "t1");
  CHECK(b.value == "t1");
  REQUIRE(transport->sent.size() == 1);
  const HttpRequest& sent = transport->sent[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == "https://login.test/tenant-1/oauth2/v2.0/token");
  CHECK(sent.headers.at("Content-Type") == "application/x-www-form-urlencoded");
  CHECK(sent.body ==
        "grant_type=client_credentials&client_id=client-1&client_secret=p%40ss%20w0rd%26%3Dsecret"
        "&scope=https%3A%2F%2Farm.test%2F.default");
  source.invalidate();
  REQUIRE(source.token(c));
  CHECK(c.value == "t2");
}

TEST_CASE("a token within a minute of expiry is fetched again") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(200, token_answer("short", 30)).answer(200, token_answer("long"));
  ClientSecretTokenSource source(service_principal(), transport, no_sleep());
  AccessToken a, b;
  REQUIRE(source.token(a));
  REQUIRE(source.token(b));
  CHECK(b.value == "long");
  CHECK(transport->sent.size() == 2);
}

TEST_CASE("without an authority the login endpoint is discovered from the endpoint's metadata, once") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport
      ->answer(200, R"({"authentication":{"loginEndpoint":"https://login.emulator.test/","audiences":[]}})")
      .answer(200, token_answer("t1"))
      .answer(200, token_answer("t2"));
  ClientSecretTokenSource source(service_principal(""), transport, no_sleep());
  AccessToken t;
  REQUIRE(source.token(t));
  source.invalidate();
  REQUIRE(source.token(t));
  REQUIRE(transport->sent.size() == 3);
  CHECK(transport->sent[0].method == "GET");
  CHECK(transport->sent[0].url == "https://arm.test/metadata/endpoints?api-version=2022-09-01");
  CHECK(transport->sent[1].url == "https://login.emulator.test/tenant-1/oauth2/v2.0/token");
  CHECK(transport->sent[2].url == "https://login.emulator.test/tenant-1/oauth2/v2.0/token");
}

TEST_CASE("metadata listing several clouds yields the login endpoint of this endpoint's cloud") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport
      ->answer(
          200,
          R"([{"resourceManager":"https://other.test/","authentication":{"loginEndpoint":"https://wrong"}},
                             {"resourceManager":"https://arm.test/","authentication":{"loginEndpoint":"https://right"}}])")
      .answer(200, token_answer("t"));
  ClientSecretTokenSource source(service_principal(""), transport, no_sleep());
  AccessToken t;
  REQUIRE(source.token(t));
  CHECK(transport->sent[1].url == "https://right/tenant-1/oauth2/v2.0/token");
}

TEST_CASE("public Azure needs no discovery") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(200, token_answer("t"));
  Credentials c = service_principal("");
  c.endpoint = "https://management.azure.com/";
  ClientSecretTokenSource source(c, transport, no_sleep());
  AccessToken t;
  REQUIRE(source.token(t));
  CHECK(transport->sent[0].url == "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
}

TEST_CASE("an AAD refusal names the client, tenant and AAD error but never the secret") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(401,
                    R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret )"
                    R"(provided: p@ss w0rd&=secret\r\nTrace ID: 1\r\nTimestamp: now"})");
  ClientSecretTokenSource source(service_principal(), transport, no_sleep());
  AccessToken t;
  forma::Status s = source.token(t);
  REQUIRE_FALSE(s);
  CHECK(s.message().find("client-1") != std::string::npos);
  CHECK(s.message().find("tenant-1") != std::string::npos);
  CHECK(s.message().find("invalid_client: AADSTS7000215") != std::string::npos);
  CHECK(s.message().find("Trace ID") == std::string::npos);
  CHECK(s.message().find(kClientSecret) == std::string::npos);
}

TEST_CASE("transient token endpoint failures are retried") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->drop().answer(503).answer(200, token_answer("t"));
  std::vector<std::chrono::milliseconds> sleeps;
  ClientSecretTokenSource source(service_principal(), transport, no_sleep(&sleeps));
  AccessToken t;
  REQUIRE(source.token(t));
  CHECK(t.value == "t");
  CHECK(sleeps.size() == 2);
}

TEST_CASE("with no secret, no az and no use_msi the error says how to give credentials") {
  FakePath path("");
  ScopedEnv env;
  clear_arm_environment(env, path.dir.string());
  Credentials c;
  c.endpoint = "https://arm.test";
  std::shared_ptr<TokenSource> source;
  forma::Status s = make_token_source(c, std::make_shared<ScriptedTransport>(), source);
  REQUIRE_FALSE(s);
  CHECK(s.message() ==
        "No Azure credentials: set client_id/client_secret (or ARM_CLIENT_ID/ARM_CLIENT_SECRET), log in with "
        "`az login`, or set use_msi = true");
}

TEST_CASE("ARM_CLIENT_SECRET and friends from the environment select the client-secret source") {
  FakePath path("");
  ScopedEnv env;
  clear_arm_environment(env, path.dir.string());
  std::string id = "env-client", tenant = "env-tenant", secret = "env-secret";
  env.set("ARM_CLIENT_ID", &id);
  env.set("ARM_TENANT_ID", &tenant);
  env.set("ARM_CLIENT_SECRET", &secret);
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(200, token_answer("t"));
  Credentials c;
  c.endpoint = "https://arm.test";
  c.authority = "https://login.test";
  std::shared_ptr<TokenSource> source;
  REQUIRE(make_token_source(c, transport, source));
  AccessToken t;
  REQUIRE(source->token(t));
  CHECK(transport->sent[0].url == "https://login.test/env-tenant/oauth2/v2.0/token");
}

TEST_CASE("without a secret the az CLI's login supplies the token") {
  fs::path args = fs::temp_directory_path() / ("forma-az-args-" + std::to_string(::getpid()));
  FakePath path("echo \"$@\" > " + args.string() +
                "\necho '{\"accessToken\":\"cli-token\",\"expiresOn\":\"2030-01-01 00:00:00.000000\","
                "\"expires_on\":1893456000,\"tokenType\":\"Bearer\"}'\n");
  ScopedEnv env;
  clear_arm_environment(env, path.dir.string());
  Credentials c;
  c.endpoint = "https://arm.test";
  std::shared_ptr<TokenSource> source;
  REQUIRE(make_token_source(c, std::make_shared<ScriptedTransport>(), source));
  AccessToken t;
  REQUIRE(source->token(t));
  CHECK(t.value == "cli-token");
  CHECK(t.expires_at == std::chrono::system_clock::from_time_t(1893456000));
  std::string line;
  std::getline(std::ifstream(args), line);
  CHECK(line == "account get-access-token --resource https://arm.test/ --output json");
  fs::remove(args);
}

TEST_CASE("a failing az CLI is reported with its last error line") {
  FakePath path("echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
  ScopedEnv env;
  clear_arm_environment(env, path.dir.string());
  Credentials c;
  c.endpoint = "https://arm.test";
  std::shared_ptr<TokenSource> source;
  REQUIRE(make_token_source(c, std::make_shared<ScriptedTransport>(), source));
  AccessToken t;
  forma::Status s = source->token(t);
  REQUIRE_FALSE(s);
  CHECK(s.message().find("exit 1") != std::string::npos);
  CHECK(s.message().find("Please run 'az login'") != std::string::npos);
}
