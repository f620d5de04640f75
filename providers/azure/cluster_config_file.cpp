#include "providers/azure/cluster_config_file.h"

// valijson compiles "pattern" with std::regex, whose std::function members GCC 12
// falsely reports as maybe-uninitialized at -O2 with sanitizers (as in engine/config).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "engine/base/text.h"

namespace forma::azure {
namespace {

const valijson::Schema& file_schema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    json doc = json::parse(cluster_file_schema_text());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

// valijson's context ["<root>", "[properties]", "[0]"] -> "/properties/0".
std::string context_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (size_t i = 1; i < context.size(); ++i) {
    const std::string& c = context[i];
    pointer = pointer_append(pointer, c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c);
  }
  return pointer;
}

bool is_strict_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

Diagnostic file_error(const std::string& path, const std::string& summary, const std::string& detail) {
  return Diagnostic::error("config_file " + quote(path) + ": " + summary, detail, {}, "/config_file");
}

// The CLI's older files say "credentialsInfo" where the API says "credentials".
void rename_credentials(json& properties) {
  json* mounts = nullptr;
  if (properties.contains("nodeSetup") && properties["nodeSetup"].is_object() &&
      properties["nodeSetup"].contains("mountVolumes"))
    mounts = &properties["nodeSetup"]["mountVolumes"];
  if (!mounts || !mounts->is_object()) return;
  for (const char* list : {"azureFileShares", "azureBlobFileSystems"}) {
    if (!mounts->contains(list) || !(*mounts)[list].is_array()) continue;
    for (auto& m : (*mounts)[list]) {
      if (m.is_object() && m.contains("credentialsInfo") && !m.contains("credentials")) {
        m["credentials"] = m["credentialsInfo"];
        m.erase("credentialsInfo");
      }
    }
  }
}

// Replaces the CLI's placeholders in every string of `v`.
void substitute(json& v, const std::string& placeholder, const std::string& value) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (size_t at = s.find(placeholder); at != std::string::npos; at = s.find(placeholder, at + value.size()))
      s.replace(at, placeholder.size(), value);
    v = s;
  } else if (v.is_structured()) {
    for (auto& e : v) substitute(e, placeholder, value);
  }
}

Diagnostics fill_placeholders(json& doc, const std::string& path, const EnvLookup& env) {
  Diagnostics diags;
  const std::string text = doc.dump();
  for (const char* name : {"AZURE_BATCHAI_STORAGE_ACCOUNT", "AZURE_BATCHAI_STORAGE_KEY"}) {
    std::string placeholder = std::string("<") + name + ">";
    if (text.find(placeholder) == std::string::npos) continue;
    auto value = env(name);
    if (!value || value->empty()) {
      diags.push_back(file_error(path, "uses " + placeholder + " but " + name + " is not set",
                                 "Set the environment variable, as for `az batchai cluster create -f`, or write the "
                                 "value into the file."));
      continue;
    }
    substitute(doc, placeholder, *value);
  }
  return diags;
}

Diagnostics check_schema(const json& doc, const std::string& path) {
  Diagnostics diags;
  valijson::ValidationResults results;
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(file_schema(), target, &results)) return diags;
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  std::vector<std::string> reported;
  for (const auto& e : errors) {
    bool deeper = std::any_of(errors.begin(), errors.end(),
                              [&](const auto& other) { return is_strict_prefix(e.context, other.context); });
    std::string pointer = context_pointer(e.context);
    if (deeper || std::find(reported.begin(), reported.end(), pointer) != reported.end()) continue;
    reported.push_back(pointer);
    std::string what = e.description;
    if (!what.empty() && what.back() == '.') what.pop_back();
    diags.push_back(file_error(path, "invalid value at " + (pointer.empty() ? std::string("/") : pointer) + ": " + what,
                               "The file must be Batch AI 2018-05-01 ClusterCreateParameters "
                               "({\"properties\": {\"vmSize\": …, \"scaleSettings\": …}}), as `az batchai cluster "
                               "create -f` takes."));
  }
  return diags;
}

}  // namespace

Diagnostics parse_cluster_file(const std::string& text, const std::string& path, const EnvLookup& env,
                               ClusterFile& out) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return {file_error(path, "is not valid JSON", "Check the file with `python3 -m json.tool " + path + "`.")};
  if (doc.is_object() && doc.contains("properties") && doc["properties"].is_object()) rename_credentials(doc["properties"]);
  Diagnostics diags = fill_placeholders(doc, path, env);
  if (has_errors(diags)) return diags;
  diags = check_schema(doc, path);
  if (has_errors(diags)) return diags;
  out.properties = doc["properties"];
  out.sha256 = sha256_hex(text);
  return diags;
}

Diagnostics load_cluster_file(const std::string& path, const EnvLookup& env, ClusterFile& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {file_error(path, "cannot be read", "Check the path; a relative path is taken from forma's working directory.")};
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_cluster_file(ss.str(), path, env, out);
}

}  // namespace forma::azure
