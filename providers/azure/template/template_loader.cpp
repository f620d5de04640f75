// Reading templates and parameter files, and name=value parameter overrides.
#include "engine/base/text.h"
#include "engine/config/jsonc.h"
#include "providers/azure/template/diagnostics.h"

namespace forma::azure::tmpl {

Diagnostic diagnostic_at(const std::string& message, const std::string& pointer,
                         const PositionIndex& positions, const std::string& detail) {
  std::string where = arm_path(pointer);
  return Diagnostic::error(where.empty() ? message : where + ": " + message, detail, positions.find(pointer),
                           pointer);
}

Diagnostic to_diagnostic(const TemplateFailure& f, const ArmTemplate& t) {
  Diagnostic d = diagnostic_at(f.message, f.pointer, t.positions);
  if (f.offset >= 0 && d.range.known() && t.positions.has(f.pointer)) {
    d.range.start.column += 1 + f.offset;  // past the opening quote, to the character in the expression
    d.range.end = d.range.start;
  }
  return d;
}

namespace {

bool parse_json_file(const std::string& text, const std::string& file, json& out, PositionIndex& positions,
                     Diagnostics& diags) {
  auto err = config::parse_jsonc_into(text, file, out, positions);
  if (err) {
    diags.push_back(*err);
    return false;
  }
  if (!out.is_object()) {
    diags.push_back(Diagnostic::error("The document must be a JSON object", {}, positions.find(""), ""));
    return false;
  }
  return true;
}

const std::vector<std::string> kTopLevelKeys = {"$schema",    "contentVersion", "apiProfile",
                                                "parameters", "variables",      "functions",
                                                "resources",  "outputs",        "metadata"};

}  // namespace

Diagnostics parse_template(const std::string& text, const std::string& file, ArmTemplate& out) {
  Diagnostics diags;
  out = ArmTemplate{};
  out.file = file;
  if (!parse_json_file(text, file, out.document, out.positions, diags)) return diags;
  const json& doc = out.document;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "languageVersion" || it.key() == "definitions") {
      diags.push_back(
          diagnostic_at("Templates with " + it.key() + " (symbolic names, Bicep 2.0) are not supported yet",
                        pointer_append("", it.key()), out.positions));
    } else if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), it.key()) == kTopLevelKeys.end()) {
      diags.push_back(diagnostic_at(
          "Unknown template property '" + it.key() + "'." + did_you_mean(it.key(), kTopLevelKeys),
          pointer_append("", it.key()), out.positions));
    }
  }
  if (!doc.contains("resources") || !doc["resources"].is_array())
    diags.push_back(diagnostic_at("A template needs a \"resources\" array",
                                  doc.contains("resources") ? "/resources" : "", out.positions));
  for (const char* section : {"parameters", "variables", "outputs"})
    if (doc.contains(section) && !doc[section].is_object())
      diags.push_back(diagnostic_at(std::string("\"") + section + "\" must be an object",
                                    pointer_append("", section), out.positions));
  if (doc.contains("functions") && !doc["functions"].is_array())
    diags.push_back(diagnostic_at("\"functions\" must be an array", "/functions", out.positions));
  return diags;
}

Diagnostics load_template_file(const std::string& path, ArmTemplate& out) {
  std::string error;
  auto text = config::read_text_file(path, error);
  if (!text) return {Diagnostic::error("Cannot read the template " + path + ": " + error)};
  return parse_template(*text, path, out);
}

namespace {

const json* declared_parameter(const ArmTemplate& t, const std::string& name, std::string& declared_name) {
  auto params = t.document.find("parameters");
  if (params == t.document.end() || !params->is_object()) return nullptr;
  for (auto it = params->begin(); it != params->end(); ++it)
    if (iequals(it.key(), name)) {
      declared_name = it.key();
      return &it.value();
    }
  return nullptr;
}

std::vector<std::string> declared_names(const ArmTemplate& t) {
  std::vector<std::string> out;
  if (auto p = t.document.find("parameters"); p != t.document.end() && p->is_object())
    for (auto it = p->begin(); it != p->end(); ++it) out.push_back(it.key());
  return out;
}

}  // namespace

Diagnostics parse_parameters(const std::string& text, const std::string& file, const ArmTemplate& t,
                             ParameterValues& out) {
  Diagnostics diags;
  json doc;
  PositionIndex positions;
  if (!parse_json_file(text, file, doc, positions, diags)) return diags;
  auto params = doc.find("parameters");
  if (params == doc.end() || !params->is_object()) {
    diags.push_back(diagnostic_at("A parameters file needs a \"parameters\" object", "", positions));
    return diags;
  }
  for (auto it = params->begin(); it != params->end(); ++it) {
    std::string pointer = pointer_append("/parameters", it.key()), name;
    if (!declared_parameter(t, it.key(), name)) {
      diags.push_back(diagnostic_at("The template declares no parameter '" + it.key() + "'." +
                                        did_you_mean(it.key(), declared_names(t)),
                                    pointer, positions));
      continue;
    }
    const json& entry = it.value();
    if (entry.is_object() && entry.contains("reference")) {
      diags.push_back(diagnostic_at("Key Vault references in parameter files are not supported yet",
                                    pointer_append(pointer, "reference"), positions,
                                    "Give the value itself, or pass it as " + name + "=VALUE."));
      continue;
    }
    if (!entry.is_object() || !entry.contains("value")) {
      diags.push_back(diagnostic_at("A parameter entry must be {\"value\": ...}", pointer, positions));
      continue;
    }
    out.values[name] = entry["value"];
  }
  return diags;
}

Diagnostics load_parameters_file(const std::string& path, const ArmTemplate& t, ParameterValues& out) {
  std::string error;
  auto text = config::read_text_file(path, error);
  if (!text) return {Diagnostic::error("Cannot read the parameters file " + path + ": " + error)};
  return parse_parameters(*text, path, t, out);
}

Diagnostics apply_parameter_override(const ArmTemplate& t, const std::string& assignment,
                                     ParameterValues& out) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return {Diagnostic::error("A parameter override must be NAME=VALUE, got \"" + assignment + "\"")};
  std::string given = assignment.substr(0, eq), text = assignment.substr(eq + 1), name;
  const json* decl = declared_parameter(t, given, name);
  if (!decl)
    return {Diagnostic::error("The template declares no parameter '" + given + "'." +
                              did_you_mean(given, declared_names(t)))};
  std::string type = lower(decl->value("type", std::string()));
  json value;
  if (type == "int") {
    try {
      size_t used = 0;
      value = std::stoll(text, &used);
      if (used != text.size()) throw std::invalid_argument(text);
    } catch (...) {
      return {
          Diagnostic::error("The parameter '" + name + "' is an int; \"" + text + "\" is not an integer")};
    }
  } else if (type == "bool") {
    if (lower(text) != "true" && lower(text) != "false")
      return {Diagnostic::error("The parameter '" + name + "' is a bool; give true or false, not \"" + text +
                                "\"")};
    value = lower(text) == "true";
  } else if (type == "object" || type == "secureobject" || type == "array") {
    value = json::parse(text, nullptr, false);
    bool ok = !value.is_discarded() && (type == "array" ? value.is_array() : value.is_object());
    if (!ok) return {Diagnostic::error("The parameter '" + name + "' is " + type + "; give it as JSON")};
  } else {
    value = text;
  }
  out.values[name] = value;
  return {};
}

}  // namespace forma::azure::tmpl
