// Reading ARM's answers: the JSON body, and what went wrong when something did
// ({"error":{"code","message","details"}}, an HTML error page, a cut-off body).
#pragma once

#include <string>

#include "engine/base/status.h"
#include "providers/azure/arm/client.h"

namespace forma::azure {

// The answer as an ArmResult: the parsed body, and an error for HTTP errors,
// for error bodies sent with 2xx, and for bodies that are not JSON
// (code "InvalidResponse" with a short excerpt).
ArmResult to_arm_result(const HttpResponse& response);

// An error with no HTTP answer behind it (http_status 0).
ArmResult failure(const std::string& code, const std::string& message);

// The error object {"code","message","details"} of an ARM body, when it has one.
std::optional<ArmError> parse_error_object(const json& error, int http_status);

}  // namespace forma::azure
