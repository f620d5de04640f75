#include "providers/sdk/schema.h"

namespace forma::sdk {

json Attribute::to_json() const {
  json j = {{"type", type},           {"required", required},   {"optional", optional},
            {"computed", computed},   {"sensitive", sensitive}, {"force_new", force_new},
            {"description", description}};
  if (default_value) j["default"] = *default_value;
  if (is_block()) j["attributes"] = attributes_to_json(attributes);
  return j;
}

json attributes_to_json(const Attributes& attributes) {
  json j = json::object();
  for (const auto& [name, attr] : attributes) j[name] = attr.to_json();
  return j;
}

json ResourceSchema::to_json() const {
  return {{"version", version}, {"description", description}, {"attributes", attributes_to_json(attributes)}};
}

namespace {

void collect_sensitive(const Attributes& attributes, const json& value, const std::string& path,
                       std::vector<std::string>& out) {
  if (!value.is_object()) return;
  for (const auto& [name, attr] : attributes) {
    auto it = value.find(name);
    if (it == value.end()) continue;
    std::string here = pointer_append(path, name);
    if (attr.sensitive) {
      out.push_back(here);
    } else if (attr.type == "object") {
      collect_sensitive(attr.attributes, *it, here, out);
    } else if (attr.type == "list(object)" && it->is_array()) {
      for (size_t i = 0; i < it->size(); ++i)
        collect_sensitive(attr.attributes, (*it)[i], pointer_append(here, std::to_string(i)), out);
    }
  }
}

}  // namespace

std::vector<std::string> sensitive_paths(const Attributes& attributes, const json& state) {
  std::vector<std::string> out;
  collect_sensitive(attributes, state, "", out);
  return out;
}

}  // namespace forma::sdk
