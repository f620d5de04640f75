#include "engine/plan/argument_check.h"

#include "engine/base/text.h"

namespace forma::plan {

Diagnostics check_arguments(const config::Resource& r, const config::Module& m, const ProviderSet& providers) {
  Diagnostics out;
  bool data = r.mode == config::ResourceMode::Data;
  std::string provider_name =
      r.provider_ref.empty() ? r.implied_provider() : r.provider_ref.substr(0, r.provider_ref.find('.'));
  const json* schema = providers.resource_schema(provider_name, r.type, data);
  const auto& pos = m.positions;
  if (!schema) {
    std::string kind = data ? "data source" : "resource type";
    out.push_back(Diagnostic::error("Unknown " + kind + " \"" + r.type + "\"",
                                    "Provider \"" + provider_name + "\" has no " + kind + " \"" + r.type + "\"." +
                                        did_you_mean(r.type, providers.types(provider_name, data)),
                                    pos.find(r.json_path + "#key"), r.json_path));
    return out;
  }
  const json& attrs = (*schema)["attributes"];
  // Checked for every resource of the config: the names are listed only for a suggestion.
  auto names = [&] {
    std::vector<std::string> out;
    for (const auto& [name, a] : attrs.items()) out.push_back(name);
    return out;
  };
  for (const auto& [key, v] : r.body.items()) {
    if (auto known = attrs.find(key); known != attrs.end()) {
      if (known->value("computed", false) && !known->value("optional", false) && !known->value("required", false))
        out.push_back(Diagnostic::error("Argument \"" + key + "\" is read-only",
                                        "\"" + key + "\" of " + r.type + " is computed by the provider and cannot be set.",
                                        pos.find(r.json_path + "/" + key + "#key"), r.json_path + "/" + key));
      continue;
    }
    out.push_back(Diagnostic::error("Unsupported argument \"" + key + "\"",
                                    r.type + " has no argument \"" + key + "\"." + did_you_mean(key, names()),
                                    pos.find(r.json_path + "/" + key + "#key"), r.json_path + "/" + key));
  }
  // An ignored attribute that does not exist is a typo that would silently ignore nothing.
  for (size_t i = 0; i < r.lifecycle.ignore_changes.size(); ++i) {
    std::string attr = r.lifecycle.ignore_changes[i].substr(0, r.lifecycle.ignore_changes[i].find_first_of(".["));
    if (attrs.contains(attr)) continue;
    std::string at = r.json_path + "/lifecycle/ignore_changes/" + std::to_string(i);
    out.push_back(Diagnostic::error("Unsupported attribute \"" + attr + "\" in ignore_changes",
                                    r.type + " has no attribute \"" + attr + "\"." + did_you_mean(attr, names()),
                                    pos.find(at), at));
  }
  for (const auto& [name, a] : attrs.items())
    if (a.value("required", false) && !r.body.contains(name))
      out.push_back(Diagnostic::error("Missing required argument \"" + name + "\"",
                                      r.type + " \"" + r.name + "\" must set \"" + name + "\".",
                                      pos.find(r.json_path + "#key"), r.json_path));
  return out;
}

}  // namespace forma::plan
