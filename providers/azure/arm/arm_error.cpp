#include <algorithm>

#include "providers/azure/arm/arm_response.h"
#include "providers/azure/arm/redaction.h"

namespace forma::azure {
namespace {

constexpr size_t kExcerptLength = 200;

std::string status_code_name(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "AuthenticationFailed";
    case 403:
      return "AuthorizationFailed";
    case 404:
      return "NotFound";
    case 408:
      return "RequestTimeout";
    case 409:
      return "Conflict";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalServerError";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return "HttpError";
  }
}

// The first characters of a body, on one line, for an error message.
std::string excerpt(const std::string& body) {
  std::string text = body.substr(0, kExcerptLength);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  text = redact_body("", text);
  if (body.size() > kExcerptLength) text += "…";
  return text;
}

std::string string_field(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "Code: message; Code: message" of an error's details, nested ones included.
void collect_details(const json& details, std::string& out) {
  if (!details.is_array()) return;
  for (const auto& d : details) {
    if (!d.is_object()) continue;
    std::string line = string_field(d, "code");
    std::string message = string_field(d, "message");
    if (!message.empty()) line += (line.empty() ? "" : ": ") + message;
    if (!line.empty()) out += (out.empty() ? "" : "; ") + line;
    if (d.contains("details")) collect_details(d["details"], out);
  }
}

}  // namespace

std::string ArmError::to_string() const {
  std::string out = code.empty() ? "Error" : code;
  if (!message.empty()) out += ": " + message;
  if (http_status >= 400) out += " (HTTP " + std::to_string(http_status) + ")";
  return out;
}

std::optional<ArmError> parse_error_object(const json& error, int http_status) {
  if (!error.is_object()) return std::nullopt;
  ArmError e;
  e.http_status = http_status;
  e.code = string_field(error, "code");
  e.message = string_field(error, "message");
  if (e.code.empty() && e.message.empty()) return std::nullopt;
  std::string details;
  if (error.contains("details")) collect_details(error["details"], details);
  if (!details.empty()) e.message += (e.message.empty() ? "(" : " (") + details + ")";
  return e;
}

ArmResult failure(const std::string& code, const std::string& message) {
  ArmResult result;
  result.error = ArmError{0, code, message, ""};
  return result;
}

ArmResult to_arm_result(const HttpResponse& response) {
  ArmResult result;
  result.http_status = response.status;
  bool failed = response.status >= 400;
  if (!response.body.empty()) {
    json body = json::parse(response.body, nullptr, false);
    if (body.is_discarded()) {
      result.error = ArmError{
          response.status, "InvalidResponse",
          "HTTP " + std::to_string(response.status) + " answer is not JSON: " + excerpt(response.body), ""};
    } else if (!failed && !body.is_object() && !body.is_null()) {
      // Every ARM success body is an object; a bare array or string would reach the resources' readers.
      result.error = ArmError{response.status, "InvalidResponse",
                              "HTTP " + std::to_string(response.status) +
                                  " answer is JSON but not an object: " + excerpt(response.body),
                              ""};
    } else {
      result.body = std::move(body);
    }
  }
  if (!result.error && result.body.is_object()) {
    // ARM wraps errors in "error"; a few resource providers send the object bare.
    const json& error =
        result.body.contains("error") ? result.body["error"] : (failed ? result.body : json());
    result.error = parse_error_object(error, response.status);
  }
  if (!result.error && failed) {
    result.error =
        ArmError{response.status, status_code_name(response.status),
                 "the server answered HTTP " + std::to_string(response.status) + " with no error body", ""};
  }
  if (result.error) result.error->request_id = response.header("x-ms-request-id");
  return result;
}

}  // namespace forma::azure
