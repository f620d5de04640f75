#include "engine/base/value.h"

namespace forma {

json unknown_value() { return json{{"$unknown", true}}; }

bool is_unknown(const json& v) {
  if (!v.is_object() || v.size() != 1) return false;
  auto it = v.find("$unknown");
  return it != v.end() && it->is_boolean() && it->get<bool>();
}

bool contains_unknown(const json& v) {
  if (is_unknown(v)) return true;
  if (v.is_structured())
    for (const auto& e : v)
      if (contains_unknown(e)) return true;
  return false;
}

std::string pointer_append(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

json redact(const json& v, const std::vector<std::string>& sensitive_paths) {
  json out = v;
  for (const auto& p : sensitive_paths) {
    try {
      json::json_pointer ptr(p);
      if (p.empty()) return json("(sensitive value)");
      if (out.contains(ptr)) out[ptr] = "(sensitive value)";
    } catch (const json::exception&) {
      // A malformed path redacts nothing more; the value itself stays as it was.
    }
  }
  return out;
}

}  // namespace forma
