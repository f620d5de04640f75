#include "engine/config/schema_validation.h"

// valijson compiles "pattern" with std::regex, whose std::function members GCC 12
// falsely reports as maybe-uninitialized at -O2 with sanitizers. The warning is
// raised while optimizing this file's instantiations, so it is silenced here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>

#include "engine/base/text.h"
#include "engine/config/decoder.h"
#include <memory>

namespace forma::config {
namespace {

// Removes every "pattern" constraint. The decoder checks each string the
// schema constrains so (block and resource names, depends_on references,
// provider references, module sources) before validation runs, with its own
// message; std::regex would cost thousands of instructions per resource.
void drop_patterns(json& schema) {
  if (schema.is_object()) {
    if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) schema.erase(p);
    for (auto& [key, value] : schema.items()) drop_patterns(value);
  } else if (schema.is_array()) {
    for (auto& value : schema) drop_patterns(value);
  }
}

// Parsed once: the schema is constant and parsing it is not free.
const valijson::Schema& config_schema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    json doc = json::parse(config_schema_text());
    drop_patterns(doc);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

// valijson's context ["<root>", "[resource]", "[t]"] -> "/resource/t".
std::string context_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (size_t i = 1; i < context.size(); ++i) {
    const std::string& c = context[i];
    std::string token = c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c;
    pointer = pointer_append(pointer, token);
  }
  return pointer;
}

bool is_strict_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// valijson's descriptions name its own constraints ("Value type not permitted
// by 'type' constraint."); users need to hear what is wrong with their value.
std::string problem(const std::string& description, const json& document, const std::string& pointer) {
  if (description.find("'type' constraint") != std::string::npos) {
    json::json_pointer at(pointer);
    if (document.contains(at)) return type_name(document.at(at)) + " is not allowed here";
  }
  std::string text = description;
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string last_token(const std::string& pointer) {
  auto slash = pointer.rfind('/');
  return slash == std::string::npos ? pointer : json::json_pointer(pointer).back();
}

}  // namespace

std::vector<std::string> schema_violations(const json& schema_doc, const json& value) {
  std::vector<std::string> out;
  try {
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(value);
    if (validator.validate(schema, target, &results)) return out;
    for (const auto& e : results) out.push_back(context_pointer(e.context) + ": " + e.description);
    if (out.empty()) out.push_back(": does not match the schema");
  } catch (const std::exception& e) {
    out.push_back(std::string(": cannot validate: ") + e.what());
  }
  return out;
}

Diagnostics validate_config_schema(const json& document, const PositionIndex& positions) {
  Diagnostics diags;
  valijson::ValidationResults results;
  try {
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(document);
    // Without a results list valijson neither records nor explains, and stops
    // at the first mismatch: the common case, a valid config, costs less.
    if (validator.validate(config_schema(), target, nullptr)) return diags;
    if (validator.validate(config_schema(), target, &results)) return diags;
  } catch (const std::exception& e) {
    diags.push_back(Diagnostic::error("Cannot validate the config against its schema", e.what()));
    return diags;
  }
  // valijson reports each failure once per enclosing schema; only the deepest
  // ones say what is actually wrong.
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  std::vector<std::string> reported;
  for (const auto& e : errors) {
    bool has_deeper = std::any_of(errors.begin(), errors.end(),
                                  [&](const auto& other) { return is_strict_prefix(e.context, other.context); });
    std::string pointer = context_pointer(e.context);
    if (has_deeper || std::find(reported.begin(), reported.end(), pointer) != reported.end()) continue;
    reported.push_back(pointer);
    std::string what = pointer.empty() ? std::string("Invalid config") : "Invalid value for " + quote(last_token(pointer));
    diags.push_back(Diagnostic::error(what + ": " + problem(e.description, document, pointer),
                                      "The config does not match the config language's schema "
                                      "(schemas/config.schema.json).",
                                      positions.find(pointer), pointer));
  }
  return diags;
}

}  // namespace forma::config
