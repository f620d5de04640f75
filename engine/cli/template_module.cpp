// forma plan|apply|destroy -template FILE: the root module an ARM template
// stands for. It holds one azure_template_deployment (the azure provider
// expands and deploys the template, resource by resource, and with
// -location creates the group when it does not exist) and an output for each
// of the template's outputs.
#include "engine/cli/template_module.h"

#include <cctype>
#include <filesystem>
#include <regex>

#include "engine/base/text.h"
#include "engine/config/jsonc.h"

namespace forma::cli {
namespace {

// A resource name forma accepts: letters, digits, '_' and '-', starting with a letter or '_'.
std::string address_name(const std::string& stem) {
  std::string out;
  for (char c : stem) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_')) out = "t_" + out;
  return out;
}

bool secure_type(const json& declaration) {
  if (!declaration.is_object() || !declaration.value("type", json()).is_string()) return false;
  std::string type = declaration["type"].get<std::string>();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "securestring" || type == "secureobject";
}

// An output computed with listKeys(), listSecrets() …: the provider marks it sensitive.
bool lists_secrets(const json& output) {
  static const std::regex call(R"(\blist\w*\s*\()", std::regex::icase);
  const json value = output.is_object() ? output.value("value", json()) : json();
  return value.is_string() && std::regex_search(value.get<std::string>(), call);
}

}  // namespace

std::optional<json> template_module(const TemplateInput& in, std::vector<std::string>& files, Diagnostics& diags) {
  auto fail = [&](std::string summary, std::string detail) {
    diags.push_back(Diagnostic::error(std::move(summary), std::move(detail)));
    return std::nullopt;
  };
  if (in.resource_group.empty())
    return fail("-template needs -resource-group",
                "Name the resource group the template deploys into: -resource-group NAME (add -location L to "
                "create it).");
  if (in.mode != "incremental" && in.mode != "complete")
    return fail("Invalid -mode " + quote(in.mode), "-mode is incremental (the default) or complete.");
  std::string error;
  auto text = config::read_text_file(in.file, error);
  if (!text) return fail("Cannot read the template " + quote(in.file), error);
  config::JsoncDocument doc = config::parse_jsonc(*text, in.file);
  if (doc.error) {
    diags.push_back(*doc.error);
    return std::nullopt;
  }
  if (!doc.value.is_object())
    return fail("The template " + quote(in.file) + " is not a JSON object",
                "An ARM template is an object with $schema, parameters, variables, resources and outputs.");
  files = {in.file};

  json parameter_files = json::array();
  json parameters = json::object();
  for (const auto& p : in.parameters) {
    if (p.starts_with("@")) {
      parameter_files.push_back(p.substr(1));
      files.push_back(p.substr(1));
      continue;
    }
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail("Invalid -parameters " + quote(p),
                  "Give a parameters file as -parameters @FILE, or one value as -parameters name=value.");
    parameters[p.substr(0, eq)] = p.substr(eq + 1);
  }

  const std::string stem = std::filesystem::path(in.file).stem().string();
  const std::string name = address_name(stem);
  json deployment = {{"name", in.name.empty() ? stem : in.name},
                     {"resource_group", in.resource_group},
                     {"template_file", in.file},
                     {"mode", in.mode}};
  if (!parameter_files.empty()) deployment["parameters_files"] = parameter_files;
  if (!parameters.empty()) deployment["parameters"] = parameters;
  json resources = json::object();
  // The deployment creates the group when it does not exist (and deletes it on destroy if it made it):
  // a resource group resource would adopt an existing group, and destroy it with whatever else it holds.
  if (!in.location.empty()) deployment["location"] = in.location;
  resources["azure_template_deployment"] = {{name, deployment}};
  json module = {{"resource", resources}};

  const json outputs = doc.value.value("outputs", json::object());
  if (outputs.is_object() && !outputs.empty()) {
    json out = json::object();
    for (auto it = outputs.begin(); it != outputs.end(); ++it)
      out[it.key()] = {{"value", "${azure_template_deployment." + name + ".outputs[\"" + it.key() + "\"]}"},
                       {"sensitive", secure_type(*it) || lists_secrets(*it)}};
    module["output"] = out;
  }
  return module;
}

json template_source(const TemplateInput& in) {
  json declared = json::object();
  std::string error;
  if (auto text = config::read_text_file(in.file, error)) {
    config::JsoncDocument doc = config::parse_jsonc(*text, in.file);
    if (!doc.error && doc.value.is_object() && doc.value.value("parameters", json::object()).is_object())
      declared = doc.value["parameters"];
  }
  auto secure = [&](const std::string& name) {
    for (auto it = declared.begin(); it != declared.end(); ++it) {
      std::string a = it.key(), b = name;
      for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (char& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (a == b) return secure_type(*it);
    }
    return false;
  };
  json parameters = json::array();
  for (const auto& p : in.parameters)
    if (p.starts_with("@") || !secure(p.substr(0, p.find('=')))) parameters.push_back(p);
  return {{"template", in.file},     {"parameters", parameters}, {"resource_group", in.resource_group},
          {"location", in.location}, {"mode", in.mode},          {"name", in.name}};
}

TemplateInput template_input_from(const json& source, const std::vector<std::string>& more_parameters) {
  TemplateInput in;
  in.file = source.value("template", "");
  for (const auto& p : source.value("parameters", json::array()))
    if (p.is_string()) in.parameters.push_back(p.get<std::string>());
  for (const auto& p : more_parameters) in.parameters.push_back(p);
  in.resource_group = source.value("resource_group", "");
  in.location = source.value("location", "");
  in.mode = source.value("mode", "incremental");
  in.name = source.value("name", "");
  return in;
}

}  // namespace forma::cli
