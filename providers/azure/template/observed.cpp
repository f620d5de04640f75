// What a deployment sent, compared with what Azure reports.
#include "providers/azure/template/scope.h"

namespace forma::azure::tmpl {
namespace {

bool equivalent_scalar(const json& sent, const json& live, bool location) {
  if (sent == live) return true;
  if (sent.is_string() && live.is_string()) {
    std::string a = lower(sent.get<std::string>()), b = lower(live.get<std::string>());
    if (location) {
      std::erase(a, ' ');
      std::erase(b, ' ');
    }
    return a == b;
  }
  if (sent.is_number() && live.is_number()) return sent.get<double>() == live.get<double>();
  // "2" sent where Azure answers 2, or the other way round.
  if (sent.is_string() && (live.is_number() || live.is_boolean())) return sent.get<std::string>() == live.dump();
  if (live.is_string() && (sent.is_number() || sent.is_boolean())) return live.get<std::string>() == sent.dump();
  return false;
}

json observed_value(const json& sent, const json& live, bool location) {
  if (is_unknown(sent)) return live;
  if (sent.is_object() && live.is_object()) {
    json out = sent;
    for (auto it = sent.begin(); it != sent.end(); ++it) {
      const json* found = nullptr;
      for (auto lit = live.begin(); lit != live.end() && !found; ++lit)
        if (lower(lit.key()) == lower(it.key())) found = &*lit;
      if (found) out[it.key()] = observed_value(*it, *found, lower(it.key()) == "location");
    }
    return out;
  }
  if (sent.is_array() && live.is_array()) {
    json out = json::array();
    for (size_t i = 0; i < live.size(); ++i)
      out.push_back(i < sent.size() ? observed_value(sent[i], live[i], false) : live[i]);
    return out;
  }
  if (sent.is_structured() || live.is_structured()) return live;
  return equivalent_scalar(sent, live, location) ? sent : live;
}

}  // namespace

json observed_body(const json& sent, const json& live) {
  json out = observed_value(sent, live, false);
  // name and type identify the resource, as its id does; ARM answers a child's name without its parents'.
  for (const char* key : {"name", "type"})
    if (sent.is_object() && sent.contains(key)) out[key] = sent[key];
  return out;
}
}  // namespace forma::azure::tmpl
