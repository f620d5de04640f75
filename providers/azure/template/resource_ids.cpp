#include "providers/azure/template/resource_ids.h"

namespace forma::azure::tmpl {

std::vector<std::string> split_path(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t slash = s.find('/', start);
    if (slash == std::string::npos) slash = s.size();
    if (slash > start) out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string make_resource_id(const std::string& prefix, const std::string& type,
                             const std::vector<std::string>& names, std::string& error) {
  std::vector<std::string> types = split_path(type);
  if (types.size() < 2) {
    error = "the resource type '" + type + "' must be Namespace/type, e.g. Microsoft.Network/virtualNetworks";
    return "";
  }
  std::vector<std::string> parts;
  for (const auto& n : names)
    for (auto& p : split_path(n)) parts.push_back(p);
  if (parts.size() != types.size() - 1) {
    error = "the resource type '" + type + "' needs " + std::to_string(types.size() - 1) +
            " name segment(s), got " + std::to_string(parts.size());
    return "";
  }
  std::string id = prefix + "/providers/" + types[0];
  for (size_t i = 0; i < parts.size(); ++i) id += "/" + types[i + 1] + "/" + parts[i];
  return id;
}

}  // namespace forma::azure::tmpl
