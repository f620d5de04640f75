// What the request log must never show: bearer tokens, passwords, storage
// keys, client secrets, SAS signatures. Everything logged goes through here.
#pragma once

#include <string>
#include <string_view>

#include "engine/base/value.h"

namespace forma::azure {

// True for names that hold secrets: containing password, secret, key, token,
// or connectionstring (case-insensitive), e.g. "adminUserPassword", "access_token".
bool is_sensitive_name(std::string_view name);

// A copy of `v` with the value of every sensitive property replaced, at any depth.
json redact_secrets(const json& v);

// The URL with sensitive query parameters (and SAS `sig`) replaced.
std::string redact_url(const std::string& url);

// The header's value as it may be logged ("Bearer (sensitive value)" for Authorization).
std::string redact_header(const std::string& lower_name, const std::string& value);

// A request or response body as it may be logged. Bodies of key-listing
// actions (".../listKeys") are withheld whole; JSON and form bodies have their
// sensitive fields replaced; other text is shown only when it names no secret.
std::string redact_body(const std::string& url, const std::string& body);

}  // namespace forma::azure
