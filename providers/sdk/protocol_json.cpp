#include "providers/sdk/protocol_json.h"

namespace forma::sdk {

json diagnostics_to_json(const Diagnostics& diagnostics) {
  json out = json::array();
  for (const auto& d : diagnostics) {
    json j = {{"severity", d.severity == Severity::Warning ? "warning" : "error"},
              {"summary", d.summary},
              {"detail", d.detail}};
    if (!d.json_path.empty()) j["attribute"] = d.json_path;
    out.push_back(std::move(j));
  }
  return out;
}

Diagnostic attribute_error(const std::string& pointer, std::string summary, std::string detail) {
  return Diagnostic::error(std::move(summary), std::move(detail), {}, pointer);
}

}  // namespace forma::sdk
