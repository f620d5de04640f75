// Reading values out of configs, states and ARM bodies, where anything may be
// absent, null or unknown.
#pragma once

#include <string>

#include "engine/base/value.h"

namespace forma::azure {

std::string string_at(const json& state, const char* key);  // "" when absent, null or unknown
bool known_string(const json& state, const char* key);
// `state` with every unknown value replaced by null.
json without_unknowns(const json& state);
// The value Azure reports unless it only differs from `configured` in case.
json prefer_configured(const json& configured, const json& reported);

// Whether obj[key] is there and not null (an unknown counts as set).
bool is_set(const json& obj, const char* key);
// The value at a JSON pointer ("/properties/vmSize"); null when absent.
json value_at(const json& v, const char* pointer);

}  // namespace forma::azure
