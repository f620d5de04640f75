#include "engine/base/diagnostic.h"

namespace forma {

std::string SourceRange::to_string() const {
  if (file.empty()) return {};
  std::string s = file;
  if (start.line > 0) {
    s += ":" + std::to_string(start.line);
    if (start.column > 0) s += ":" + std::to_string(start.column);
  }
  return s;
}

Diagnostic Diagnostic::error(std::string summary, std::string detail, SourceRange range,
                             std::string json_path) {
  return Diagnostic{Severity::Error, std::move(summary), std::move(detail), std::move(range),
                    std::move(json_path)};
}

Diagnostic Diagnostic::warning(std::string summary, std::string detail, SourceRange range,
                               std::string json_path) {
  return Diagnostic{Severity::Warning, std::move(summary), std::move(detail), std::move(range),
                    std::move(json_path)};
}

bool has_errors(const Diagnostics& diags) {
  for (const auto& d : diags)
    if (d.severity == Severity::Error) return true;
  return false;
}

void append(Diagnostics& into, const Diagnostics& from) {
  into.insert(into.end(), from.begin(), from.end());
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.severity == Severity::Error ? "Error: " : "Warning: ";
  out += d.summary + "\n";
  if (d.range.known() || !d.json_path.empty()) {
    out += "\n  on ";
    out += d.range.known() ? d.range.to_string() : std::string("<input>");
    if (!d.json_path.empty()) out += ", in " + d.json_path;
    out += "\n";
  }
  if (!d.detail.empty()) out += "\n" + d.detail + "\n";
  return out;
}

}  // namespace forma
