#include "providers/azure/arm/redaction.h"

#include <catch2/catch.hpp>

#include "providers/azure/arm/request_log.h"
#include "tests/providers/azure/arm/fakes.h"

using namespace forma::azure;
using namespace forma::azure::testing;

namespace {

const std::string kRedactedSecret = "s3cr3t-Value~42";

bool mentions_secret(const std::string& text) { return text.find(kRedactedSecret) != std::string::npos; }

}  // namespace

TEST_CASE("sensitive JSON properties are redacted at any depth, other values kept") {
  forma::json body = {
      {"properties",
       {{"vmSize", "STANDARD_NC6"},
        {"userAccountSettings", {{"adminUserName", "demo"}, {"adminUserPassword", kRedactedSecret}}},
        {"mountVolumes", {{"azureFileShares", {{{"credentials", {{"accountKey", kRedactedSecret}}}}}}}}}},
      {"access_token", kRedactedSecret}};
  std::string text = redact_body("https://arm.test/x", body.dump());
  CHECK_FALSE(mentions_secret(text));
  CHECK(text.find("STANDARD_NC6") != std::string::npos);
  CHECK(text.find("demo") != std::string::npos);
}

TEST_CASE("a VM extension's protectedSettings and a VM's customData are withheld whatever their inner names") {
  forma::json body = {
      {"properties",
       {{"virtualMachineProfile",
         {{"osProfile", {{"customData", "I2Nsb3VkLWNvbmZpZw=="}, {"adminUsername", "dsvmuser"}}},
          {"extensionProfile",
           {{"extensions",
             {{{"name", "filesextension"},
               {"properties",
                {{"type", "CustomScript"},
                 {"protectedSettings",
                  {{"commandToExecute", std::string("bash mountazurefiles.sh acct ") + kRedactedSecret}}}}}}}}}}}}}}};
  std::string text = redact_body("https://arm.test/vmss", body.dump());
  CHECK_FALSE(mentions_secret(text));
  CHECK(text.find("I2Nsb3VkLWNvbmZpZw==") == std::string::npos);
  CHECK(text.find("CustomScript") != std::string::npos);
  CHECK(text.find("dsvmuser") != std::string::npos);
}

TEST_CASE("the whole answer of a listKeys action is withheld") {
  std::string body = R"({"keys":[{"keyName":"key1","permissions":"FULL","value":")" + kRedactedSecret + R"("}]})";
  std::string text = redact_body(
      "https://arm.test/subscriptions/s/storageAccounts/sa/listKeys?api-version=2019-06-01", body);
  CHECK_FALSE(mentions_secret(text));
  CHECK(text.find("withheld") != std::string::npos);
}

TEST_CASE("a client secret in a token request's form body is redacted") {
  std::string form = "grant_type=client_credentials&client_id=abc&client_secret=" + kRedactedSecret + "&scope=x";
  std::string text = redact_body("https://login.test/t/oauth2/v2.0/token", form);
  CHECK_FALSE(mentions_secret(text));
  CHECK(text.find("client_id=abc") != std::string::npos);
}

TEST_CASE("unparsable text that names a secret is withheld; other text is shown") {
  CHECK_FALSE(mentions_secret(redact_body("https://arm.test/x", R"({"password":")" + kRedactedSecret)));
  CHECK(redact_body("https://arm.test/x", "<html>Bad Gateway</html>") == "<html>Bad Gateway</html>");
}

TEST_CASE("SAS signatures and secret query parameters are redacted from URLs") {
  std::string url = "https://sa.blob.test/c?sv=2019&sig=" + kRedactedSecret + "&api-version=1";
  CHECK_FALSE(mentions_secret(redact_url(url)));
  CHECK(redact_url(url).find("api-version=1") != std::string::npos);
  CHECK(redact_header("authorization", "Bearer " + kRedactedSecret) == "Bearer (sensitive value)");
}

TEST_CASE("the request log at trace shows method, URL, status and request id but never a secret") {
  std::vector<std::string> lines;
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(200, R"({"keys":[{"value":")" + kRedactedSecret + R"("}]})", {{"x-ms-request-id", "req-1"}});
  transport->answer(200, R"({"access_token":")" + kRedactedSecret + R"(","expires_in":3600})");
  RequestLog log{LogLevel::trace, [&](const std::string& text) { lines.push_back(text); }};
  auto logged = make_logging_transport(transport, log);
  HttpResponse response;
  HttpRequest list{"POST",
                   "https://arm.test/sa/listKeys?api-version=2019-06-01",
                   {{"Authorization", "Bearer " + kRedactedSecret}},
                   ""};
  REQUIRE(logged->send(list, response));
  HttpRequest token{"POST",
                    "https://login.test/t/oauth2/v2.0/token",
                    {},
                    "grant_type=client_credentials&client_id=a&client_secret=" + kRedactedSecret};
  REQUIRE(logged->send(token, response));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("[arm] POST https://arm.test/sa/listKeys?api-version=2019-06-01 -> 200 in ", 0) == 0);
  CHECK(lines[0].find("x-ms-request-id req-1") != std::string::npos);
  for (const auto& line : lines) CHECK_FALSE(mentions_secret(line));
}

TEST_CASE("the request log at debug has one line per exchange and no bodies") {
  std::vector<std::string> lines;
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer(201, R"({"name":"visible-only-at-trace"})").drop("Connection refused");
  auto logged =
      make_logging_transport(transport, {LogLevel::debug, [&](const std::string& t) { lines.push_back(t); }});
  HttpResponse response;
  REQUIRE(logged->send(HttpRequest{"PUT", "https://arm.test/x", {}, "{}"}, response));
  REQUIRE_FALSE(logged->send(HttpRequest{"GET", "https://arm.test/y", {}, ""}, response));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("visible-only-at-trace") == std::string::npos);
  CHECK(lines[0].find('\n') == std::string::npos);
  CHECK(lines[1].find("failed after") != std::string::npos);
  CHECK(lines[1].find("Connection refused") != std::string::npos);
}
