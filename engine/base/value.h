// Values are JSON. A value not known until apply is the object
// {"$unknown": true} (the same marker the provider protocol uses).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace forma {

using json = nlohmann::json;

json unknown_value();
bool is_unknown(const json& v);
// True if v or anything inside it is unknown.
bool contains_unknown(const json& v);

// JSON pointer helpers: "/a/0/b" <-> tokens, escaping "~" and "/".
std::string pointer_append(const std::string& pointer, const std::string& token);

// Replaces the value at each sensitive path with "(sensitive value)" for display.
json redact(const json& v, const std::vector<std::string>& sensitive_paths);

}  // namespace forma
