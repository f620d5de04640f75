#include "providers/azure/emulator/arm_http.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace forma::emulator {

std::string ArmRequest::path() const {
  std::string out;
  for (const auto& s : segments) out += "/" + s;
  return out;
}

void arm_error(ArmResponse& res, int status, const std::string& code, const std::string& message) {
  res.set(status, {{"error", {{"code", code}, {"message", message}}}});
}

bool parse_body(const ArmRequest& req, ArmResponse& res, json& out, const json& empty_value) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    out = empty_value;
    return true;
  }
  try {
    out = json::parse(req.body);
    return true;
  } catch (const json::parse_error& e) {
    arm_error(
        res, 400, "InvalidRequestContent",
        "The request content was invalid and cannot be deserialized: 'Unexpected character encountered while "
        "parsing value at position " +
            std::to_string(e.byte) + ".'.");
    return false;
  }
}

std::string iso_time(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buffer;
}

std::string lower_case(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string normalize_location(std::string location) {
  std::string out;
  for (char c : lower_case(std::move(location)))
    if (c != ' ') out += c;
  return out;
}

}  // namespace forma::emulator
