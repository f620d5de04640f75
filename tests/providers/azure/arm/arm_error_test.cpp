#include <catch2/catch.hpp>

#include "providers/azure/arm/arm_response.h"

using namespace forma::azure;

TEST_CASE("an ARM error body becomes code, message and details, with the request id") {
  HttpResponse response{
      409,
      {{"x-ms-request-id", "req-7"}},
      R"({"error":{"code":"QuotaExceeded","message":"Operation results in exceeding quota.",)"
      R"("details":[{"code":"CoreQuota","message":"NC family: 24 of 24 used"}]}})"};
  ArmResult r = to_arm_result(response);
  REQUIRE(r.error);
  CHECK(r.error->code == "QuotaExceeded");
  CHECK(r.error->request_id == "req-7");
  CHECK(r.error->message == "Operation results in exceeding quota. (CoreQuota: NC family: 24 of 24 used)");
  CHECK(r.error->to_string() ==
        "QuotaExceeded: Operation results in exceeding quota. (CoreQuota: NC family: 24 of 24 used) (HTTP "
        "409)");
}

TEST_CASE("an HTML error page is an InvalidResponse with the status and a short excerpt") {
  std::string page =
      "<html><head><title>502 Bad Gateway</title></head><body>" + std::string(500, 'x') + "</body>";
  ArmResult r = to_arm_result(HttpResponse{502, {}, page});
  REQUIRE(r.error);
  CHECK(r.error->code == "InvalidResponse");
  CHECK(r.error->http_status == 502);
  CHECK(r.error->message.find("HTTP 502") != std::string::npos);
  CHECK(r.error->message.find("<title>502 Bad Gateway</title>") != std::string::npos);
  CHECK(r.error->message.size() < 260);
}

TEST_CASE("a truncated JSON body is an InvalidResponse even with status 200") {
  ArmResult r = to_arm_result(HttpResponse{200, {}, R"({"name":"nc6","properties":{"vmSize")"});
  REQUIRE(r.error);
  CHECK(r.error->code == "InvalidResponse");
  CHECK(r.body.is_null());
}

TEST_CASE("a 200 answer carrying an error body is an error") {
  ArmResult r =
      to_arm_result(HttpResponse{200, {}, R"({"error":{"code":"InternalError","message":"oops"}})"});
  REQUIRE(r.error);
  CHECK(r.error->code == "InternalError");
  CHECK(r.error->to_string() == "InternalError: oops");
}

TEST_CASE("an error status with an empty body still names the status") {
  ArmResult r = to_arm_result(HttpResponse{503, {}, ""});
  REQUIRE(r.error);
  CHECK(r.error->code == "ServiceUnavailable");
  CHECK(r.error->to_string().find("(HTTP 503)") != std::string::npos);
}

TEST_CASE("an error object sent without the error wrapper is still read") {
  ArmResult r = to_arm_result(HttpResponse{400, {}, R"({"code":"InvalidParameter","message":"bad vmSize"})"});
  REQUIRE(r.error);
  CHECK(r.error->code == "InvalidParameter");
}

TEST_CASE("a successful answer keeps its body and has no error") {
  ArmResult r = to_arm_result(HttpResponse{200, {}, R"({"name":"ws","error":null})"});
  CHECK(r.ok());
  CHECK(r.body["name"] == "ws");
  CHECK(to_arm_result(HttpResponse{204, {}, ""}).ok());
}

TEST_CASE("a 200 answer whose JSON body is not an object is an InvalidResponse") {
  for (const char* body : {"[]", "\"ok\"", "42"}) {
    ArmResult r = to_arm_result(HttpResponse{200, {{"content-type", "text/plain"}}, body});
    INFO(body);
    REQUIRE(r.error);
    CHECK(r.error->code == "InvalidResponse");
    CHECK(r.error->to_string().find("not an object") != std::string::npos);
  }
}
