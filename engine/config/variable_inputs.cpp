#include "engine/config/variable_inputs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "engine/base/text.h"
#include "engine/config/jsonc.h"

namespace fs = std::filesystem;

namespace forma::config {
namespace {

constexpr std::string_view kVarsFileSuffix = ".forma.vars.json";

std::vector<std::string> declared_names(const Module& root) {
  std::vector<std::string> names;
  for (const auto& [name, v] : root.variables) names.push_back(name);
  return names;
}

std::vector<std::string> directory_vars_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > kVarsFileSuffix.size() && name.ends_with(kVarsFileSuffix) && entry.is_regular_file(ec))
      files.push_back((fs::path(dir) / name).lexically_normal().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void read_vars_file(const std::string& file, const Module& root, std::map<std::string, VariableInput>& out,
                    Diagnostics& diags) {
  std::string read_error;
  auto text = read_text_file(file, read_error);
  if (!text) {
    diags.push_back(Diagnostic::error("Cannot read variables file " + quote(file),
                                      read_error + ". A relative path is taken from the working directory.",
                                      SourceRange{file, {}, {}}));
    return;
  }
  json doc;
  PositionIndex positions;
  if (auto error = parse_jsonc_into(*text, file, doc, positions)) {
    diags.push_back(*error);
    return;
  }
  if (!doc.is_object()) {
    diags.push_back(Diagnostic::error("A variables file must contain a JSON object",
                                      "For example {\"region\": \"eastus\"}.", positions.find("")));
    return;
  }
  for (auto& [name, value] : doc.items()) {
    std::string pointer = pointer_append("", name);
    if (!root.variables.count(name)) {
      diags.push_back(Diagnostic::warning(
          "Value for undeclared variable " + quote(name) + "." + did_you_mean(name, declared_names(root)),
          "The file sets a variable that the configuration does not declare; it is ignored.",
          positions.find(key_pointer(pointer)), pointer));
      continue;
    }
    SourceRange range = positions.find(pointer);
    out[name] = VariableInput{std::move(value), false, range.to_string(), range};
  }
}

}  // namespace

std::map<std::string, VariableInput> collect_variable_inputs(const Module& root, const VariableInputs& inputs,
                                                             Diagnostics& diags) {
  std::map<std::string, VariableInput> out;
  if (inputs.read_environment) {
    for (const auto& [name, v] : root.variables) {
      std::string env_name = "FORMA_VAR_" + name;
      if (const char* text = std::getenv(env_name.c_str())) out[name] = VariableInput{text, true, env_name, {}};
    }
  }
  std::vector<std::string> read;  // canonical paths: a -var-file that is also in the directory is read once
  auto read_once = [&](const std::string& file) {
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(file, ec).string();
    if (std::find(read.begin(), read.end(), canonical) != read.end()) return;
    read.push_back(canonical);
    read_vars_file(file, root, out, diags);
  };
  for (const auto& file : directory_vars_files(root.dir)) read_once(file);
  for (const auto& file : inputs.var_files) read_once(file);
  for (const auto& [name, text] : inputs.vars) {
    std::string origin = "-var \"" + name + "=...\"";
    if (!root.variables.count(name)) {
      diags.push_back(Diagnostic::error(
          "Value for undeclared variable " + quote(name) + "." + did_you_mean(name, declared_names(root)),
          "The option " + origin + " names a variable that the configuration does not declare. Declare it "
          "in a \"variable\" block, or correct the name."));
      continue;
    }
    out[name] = VariableInput{text, true, origin, {}};
  }
  return out;
}

}  // namespace forma::config
