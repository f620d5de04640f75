// diagnostics_from: the protocol's diagnostics array to engine Diagnostics.
#include "engine/provider/provider.h"

namespace forma::provider {
namespace {

std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Diagnostics diagnostics_from(const json& result, const std::string& where_prefix) {
  Diagnostics out;
  if (!result.is_object() || !result.contains("diagnostics")) return out;
  const json& list = result["diagnostics"];
  if (!list.is_array()) {
    out.push_back(Diagnostic::error("The provider returned malformed diagnostics",
                                    "\"diagnostics\" must be an array.", {}, where_prefix));
    return out;
  }
  for (const auto& d : list) {
    if (!d.is_object()) continue;
    std::string summary = string_field(d, "summary");
    if (summary.empty()) summary = "The provider reported a problem without a summary";
    std::string attribute = string_field(d, "attribute");
    // Attributes are JSON pointers; anything else is not a place we can show.
    if (!attribute.empty() && attribute[0] != '/') attribute.clear();
    Diagnostic diag = string_field(d, "severity") == "warning" ? Diagnostic::warning(summary)
                                                                 : Diagnostic::error(summary);
    diag.detail = string_field(d, "detail");
    diag.json_path = where_prefix + attribute;
    out.push_back(std::move(diag));
  }
  return out;
}

}  // namespace forma::provider
