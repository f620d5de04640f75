#include "providers/azure/state_values.h"

#include "providers/azure/arm_id.h"

namespace forma::azure {

std::string string_at(const json& state, const char* key) {
  if (!state.is_object()) return {};
  auto it = state.find(key);
  return it != state.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool known_string(const json& state, const char* key) { return !string_at(state, key).empty(); }

json without_unknowns(const json& state) {
  if (is_unknown(state)) return nullptr;
  if (!state.is_structured()) return state;
  json out = state;
  for (auto& v : out) v = without_unknowns(v);
  return out;
}

json prefer_configured(const json& configured, const json& reported) {
  if (configured.is_string() && reported.is_string() && iequals(configured.get<std::string>(), reported.get<std::string>()))
    return configured;
  return reported.is_null() ? configured : reported;
}

bool is_set(const json& obj, const char* key) { return obj.is_object() && obj.contains(key) && !obj[key].is_null(); }

json value_at(const json& v, const char* pointer) {
  if (!v.is_object()) return nullptr;
  json::json_pointer p(pointer);
  return v.contains(p) ? v.at(p) : json();
}

}  // namespace forma::azure
