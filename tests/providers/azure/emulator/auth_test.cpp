#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

httplib::Result token_request(TestEmulator& emu, const std::string& secret,
                              const std::string& version = "v2.0/") {
  httplib::Params form{{"grant_type", "client_credentials"},
                       {"client_id", emu.emulator().options().client_id},
                       {"client_secret", secret}};
  if (version.empty())
    form.emplace("resource", emu.emulator().endpoint() + "/");
  else
    form.emplace("scope", emu.emulator().endpoint() + "/.default");
  return emu.client()->Post(
      ("/" + emu.emulator().options().tenant_id + "/oauth2/" + version + "token").c_str(), form);
}

}  // namespace

TEST_CASE("the token endpoint issues a bearer token for the right client secret") {
  TestEmulator emu;
  auto res = token_request(emu, emu.emulator().options().client_secret);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json body = json::parse(res->body);
  CHECK(body["token_type"] == "Bearer");
  CHECK(body["expires_in"] == 3599);
  CHECK(body["ext_expires_in"] == 3599);
  CHECK(body["access_token"].get<std::string>().size() > 40);
}

TEST_CASE("the v1 token endpoint takes a resource instead of a scope") {
  TestEmulator emu;
  auto res = token_request(emu, emu.emulator().options().client_secret, "");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json body = json::parse(res->body);
  CHECK(body["resource"] == emu.emulator().endpoint() + "/");
  CHECK_FALSE(body["access_token"].get<std::string>().empty());
}

TEST_CASE("a wrong client secret gets 401 invalid_client and no token") {
  TestEmulator emu;
  auto res = token_request(emu, "not-the-secret");
  REQUIRE(res);
  CHECK(res->status == 401);
  const json body = json::parse(res->body);
  CHECK(body["error"] == "invalid_client");
  CHECK(body["error_description"].get<std::string>().starts_with(
      "AADSTS7000215: Invalid client secret provided."));
  CHECK_FALSE(body.contains("access_token"));
  CHECK(res->body.find(emu.emulator().options().client_secret) == std::string::npos);
}

TEST_CASE("an ARM call without a token gets 401 AuthenticationFailed") {
  TestEmulator emu;
  Answer a = emu.send("GET", emu.subscription() + kResources, "");
  CHECK(a.status == 401);
  CHECK(a.body["error"]["code"] == "AuthenticationFailed");
}

TEST_CASE("an ARM call with a token the emulator did not sign gets 401 InvalidAuthenticationToken") {
  TestEmulator emu;
  std::string forged = emu.token();
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  Answer a = emu.send("GET", emu.subscription() + kResources, "", {{"Authorization", "Bearer " + forged}});
  CHECK(a.status == 401);
  CHECK(a.body["error"]["code"] == "InvalidAuthenticationToken");
  CHECK_FALSE(a.header("WWW-Authenticate").empty());
}

TEST_CASE("a token stays valid after the emulator restarts") {
  const fs::path dir = scratch_dir();
  std::string token;
  {
    TestEmulator first(test_options(), dir);
    token = first.token();
  }
  {
    TestEmulator second(test_options(), dir);
    Answer a =
        second.send("GET", second.subscription() + kResources, "", {{"Authorization", "Bearer " + token}});
    CHECK(a.status == 200);
  }
  fs::remove_all(dir);
}

TEST_CASE("client id and secret given as options replace the generated ones") {
  Options o = test_options();
  o.client_id = "my-app";
  o.client_secret = "my-secret-value";
  TestEmulator emu(o);
  CHECK(emu.emulator().options().client_id == "my-app");
  auto res = token_request(emu, "my-secret-value");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("FORMA_EMULATOR_CLIENT_ID and FORMA_EMULATOR_CLIENT_SECRET set the accepted identity") {
  ::setenv("FORMA_EMULATOR_CLIENT_ID", "env-app", 1);
  ::setenv("FORMA_EMULATOR_CLIENT_SECRET", "env-secret-value", 1);
  TestEmulator emu;
  ::unsetenv("FORMA_EMULATOR_CLIENT_ID");
  ::unsetenv("FORMA_EMULATOR_CLIENT_SECRET");
  CHECK(emu.emulator().options().client_id == "env-app");
  auto res = token_request(emu, "env-secret-value");
  REQUIRE(res);
  CHECK(res->status == 200);
}
