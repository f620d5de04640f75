#include "providers/azure/emulator/auth.h"

#include <regex>

#include "engine/base/text.h"

namespace forma::emulator {
namespace {

void oauth_error(httplib::Response& res, int status, const std::string& error,
                 const std::string& description) {
  const std::string trace = random_uuid(), correlation = random_uuid();
  const json body = {
      {"error", error},
      {"error_description", description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation},
      {"trace_id", trace},
      {"correlation_id", correlation}};
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

std::string audience_of(const httplib::Request& req, bool v2) {
  std::string audience = req.get_param_value(v2 ? "scope" : "resource");
  if (v2 && audience.ends_with("/.default")) audience.resize(audience.size() - 9);
  return audience;
}

}  // namespace

bool is_token_request(const httplib::Request& req) {
  static const std::regex pattern(R"(/[^/]+/oauth2/(v2\.0/)?token)", std::regex::icase);
  return std::regex_match(req.path, pattern);
}

void handle_token_request(const Cloud& cloud, const httplib::Request& req, httplib::Response& res) {
  if (req.method != "POST")
    return oauth_error(res, 405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
  const bool v2 = req.path.find("/v2.0/") != std::string::npos;
  const std::string tenant = req.path.substr(1, req.path.find('/', 1) - 1);
  if (lower_case(tenant) != lower_case(cloud.options.tenant_id))
    return oauth_error(res, 400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
  if (req.get_param_value("grant_type") != "client_credentials")
    return oauth_error(
        res, 400, "unsupported_grant_type",
        "AADSTS70003: The app requested an unsupported grant type. Only client_credentials is supported.");
  const std::string client_id = req.get_param_value("client_id");
  if (client_id != cloud.options.client_id)
    return oauth_error(res, 400, "unauthorized_client",
                       "AADSTS700016: Application with identifier '" + client_id +
                           "' was not found in the directory '" + cloud.options.tenant_id + "'.");
  if (req.get_param_value("client_secret") != cloud.options.client_secret)
    return oauth_error(
        res, 401, "invalid_client",
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is "
        "the client secret value, not the client secret ID, for a secret added to app '" +
            client_id + "'.");
  const int64_t now_s = cloud.now() / 1000;
  const std::string token = cloud.tokens.issue(client_id, audience_of(req, v2), now_s);
  json body;
  if (v2) {
    body = {{"token_type", "Bearer"},
            {"expires_in", kTokenLifetimeSeconds},
            {"ext_expires_in", kTokenLifetimeSeconds},
            {"access_token", token}};
  } else {  // v1 answers with numbers as strings
    const std::string lifetime = std::to_string(kTokenLifetimeSeconds);
    body = {{"token_type", "Bearer"},
            {"expires_in", lifetime},
            {"ext_expires_in", lifetime},
            {"expires_on", std::to_string(now_s + kTokenLifetimeSeconds)},
            {"not_before", std::to_string(now_s)},
            {"resource", audience_of(req, false)},
            {"access_token", token}};
  }
  res.status = 200;
  res.set_header("Cache-Control", "no-store, no-cache");
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

bool authorize(const Cloud& cloud, const httplib::Request& req, ArmResponse& res) {
  const std::string header = req.get_header_value("Authorization");
  if (header.empty()) {
    arm_error(res, 401, "AuthenticationFailed",
              "Authentication failed. The 'Authorization' header is missing.");
  } else if (lower_case(header.substr(0, 7)) != "bearer ") {
    arm_error(res, 401, "AuthenticationFailed",
              "Authentication failed. The 'Authorization' header is provided in an invalid format.");
  } else {
    std::string why;
    if (cloud.tokens.verify(header.substr(7), cloud.now() / 1000, why)) return true;
    const bool expired = why.find("expired") != std::string::npos;
    arm_error(res, 401, expired ? "ExpiredAuthenticationToken" : "InvalidAuthenticationToken",
              expired ? "The access token expiry UTC time is earlier than current UTC time."
                      : "The access token is invalid. " + why);
  }
  res.header("WWW-Authenticate",
             "Bearer authorization_uri=\"https://login.windows.net/" + cloud.options.tenant_id +
                 "\", error=\"invalid_token\", error_description=\"The authentication failed.\"");
  return false;
}

}  // namespace forma::emulator
