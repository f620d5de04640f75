#include "state/state_document.h"

#include <memory>
#include <set>

// GCC 12 reports a false maybe-uninitialized inside <regex> (used by
// valijson) when building with sanitizers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#pragma GCC diagnostic pop

#include "state/address.h"
#include "state/schema.h"

namespace forma::state {
namespace {

const char* kDocumentSchema = R"json({
  "type": "object",
  "required": ["format_version", "lineage", "serial", "resources"],
  "properties": {
    "format_version": {"type": "integer", "minimum": 0},
    "lineage": {"type": "string", "minLength": 1},
    "serial": {"type": "integer", "minimum": 0},
    "encrypted": {"type": "boolean"},
    "resources": {"type": "array", "items": {
      "type": "object",
      "required": ["address", "type", "provider", "attributes"],
      "properties": {
        "address": {"type": "string"}, "deposed": {"type": "string"},
        "mode": {"enum": ["managed", "data"]}, "type": {"type": "string", "minLength": 1},
        "provider": {"type": "string"}, "schema_version": {"type": "integer"},
        "status": {"enum": ["creating", "created", "tainted", "deleting"]},
        "creation_token": {"type": "string"},
        "dependencies": {"type": "array", "items": {"type": "string"}},
        "sensitive_paths": {"type": "array", "items": {"type": "string"}},
        "attributes": {},
        "private": {"type": "object"}
      }}},
    "outputs": {"type": "array", "items": {
      "type": "object", "required": ["name", "value"],
      "properties": {"name": {"type": "string"}, "value": {}, "sensitive": {"type": "boolean"}}}}
  }
})json";

// The most specific schema violation, as "/resources/0/address: message".
const valijson::Schema& document_schema() {
  // Parsed once: the schema is constant.
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    json doc = json::parse(kDocumentSchema);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    valijson::SchemaParser().populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

std::string first_violation(const json& document) {
  const valijson::Schema& schema = document_schema();
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(schema, target, &results)) return "";
  valijson::ValidationResults::Error error, deepest;
  while (results.popError(error))
    if (error.context.size() > deepest.context.size() || deepest.description.empty()) deepest = error;
  std::string path;
  for (size_t i = 1; i < deepest.context.size(); ++i) {
    const auto& part = deepest.context[i];  // "[resources]" or "[0]"
    path += "/" + (part.size() >= 2 && part.front() == '[' ? part.substr(1, part.size() - 2) : part);
  }
  return (path.empty() ? "/" : path) + ": " + deepest.description;
}

ResourceObject object_from(const json& r) {
  ResourceObject o;
  o.address = r.at("address").get<std::string>();
  o.deposed = r.value("deposed", "");
  o.mode = r.value("mode", "managed");
  o.type = r.at("type").get<std::string>();
  o.provider = r.at("provider").get<std::string>();
  o.schema_version = r.value("schema_version", 0);
  o.status = resource_status_from(r.value("status", "created")).value_or(ResourceStatus::Created);
  o.creation_token = r.value("creation_token", "");
  o.dependencies = r.value("dependencies", std::vector<std::string>{});
  o.sensitive_paths = r.value("sensitive_paths", std::vector<std::string>{});
  o.attributes = r.at("attributes");
  o.private_data = r.value("private", json::object());
  return o;
}

}  // namespace

json to_document(const StateSnapshot& s) {
  json resources = json::array();
  for (const auto& r : s.resources)
    resources.push_back({{"address", r.address},
                         {"deposed", r.deposed},
                         {"mode", r.mode},
                         {"type", r.type},
                         {"provider", r.provider},
                         {"schema_version", r.schema_version},
                         {"status", to_string(r.status)},
                         {"creation_token", r.creation_token},
                         {"dependencies", r.dependencies},
                         {"sensitive_paths", r.sensitive_paths},
                         {"attributes", r.attributes},
                         {"private", r.private_data.is_object() ? r.private_data : json::object()}});
  json outputs = json::array();
  for (const auto& o : s.outputs) outputs.push_back({{"name", o.name}, {"value", o.value}, {"sensitive", o.sensitive}});
  return {{"format_version", s.format_version}, {"lineage", s.lineage}, {"serial", s.serial},
          {"encrypted", s.encrypted}, {"resources", resources}, {"outputs", outputs}};
}

std::optional<StateSnapshot> from_document(const json& document, Status& status) {
  try {
    if (std::string violation = first_violation(document); !violation.empty()) {
      status = Status::error("the state document is not valid: " + violation);
      return std::nullopt;
    }
    StateSnapshot s;
    s.format_version = document.at("format_version").get<int>();
    if (s.format_version > kFormatVersion) {
      status = Status::error("the state document has format version " + std::to_string(s.format_version) +
                             "; this forma understands up to " + std::to_string(kFormatVersion));
      return std::nullopt;
    }
    s.lineage = document.at("lineage").get<std::string>();
    s.serial = document.at("serial").get<int64_t>();
    s.encrypted = document.value("encrypted", false);
    std::set<std::pair<std::string, std::string>> seen;
    const json& resources = document.at("resources");
    for (size_t i = 0; i < resources.size(); ++i) {
      ResourceObject o = object_from(resources[i]);
      std::string where = "/resources/" + std::to_string(i) + "/address: ";
      if (!parse_instance_address(o.address)) {
        status = Status::error("the state document is not valid: " + where + "\"" + o.address +
                               "\" is not a resource address");
        return std::nullopt;
      }
      if (!seen.insert({o.address, o.deposed}).second) {
        status = Status::error("the state document is not valid: " + where + o.address + " appears twice");
        return std::nullopt;
      }
      s.resources.push_back(std::move(o));
    }
    for (const auto& o : document.value("outputs", json::array()))
      s.outputs.push_back({o.at("name").get<std::string>(), o.at("value"), o.value("sensitive", false)});
    status = Status::ok();
    return s;
  } catch (const std::exception& e) {
    status = Status::error(std::string("the state document is not valid: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace forma::state
