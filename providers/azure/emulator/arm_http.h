// One ARM call as the handlers see it (path split into segments, api-version,
// body) and the answer they build, plus the helpers every handler shares:
// ARM's error body, body parsing, timestamps.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/value.h"

namespace forma::emulator {

struct ArmRequest {
  std::string method;                 // GET HEAD PUT PATCH POST DELETE
  std::vector<std::string> segments;  // path segments as sent
  std::vector<std::string> lower;     // the same, lower-cased, for matching
  std::string api_version;            // "" when absent
  std::string expand;                 // $expand, "" when absent
  std::string body;
  std::string base_url;  // https://127.0.0.1:PORT

  size_t size() const { return segments.size(); }
  bool is(size_t i, const char* lower_name) const { return i < lower.size() && lower[i] == lower_name; }
  std::string path() const;  // "/a/b", as sent
};

struct ArmResponse {
  int status = 200;
  json body;  // null: no body
  std::vector<std::pair<std::string, std::string>> headers;

  void set(int code, json content = nullptr) {
    status = code;
    body = std::move(content);
  }
  void header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// {"error":{"code":…,"message":…}} with `status`.
void arm_error(ArmResponse& res, int status, const std::string& code, const std::string& message);

// The request body as JSON; an empty body is `empty_value`. On malformed JSON
// answers 400 InvalidRequestContent and returns false.
bool parse_body(const ArmRequest& req, ArmResponse& res, json& out, const json& empty_value = json::object());

// "2017-09-27T21:50:03.828Z"
std::string iso_time(int64_t epoch_ms);
std::string lower_case(std::string s);
// ARM keeps locations as lower-case names without spaces: "East US" is eastus.
std::string normalize_location(std::string location);

}  // namespace forma::emulator
