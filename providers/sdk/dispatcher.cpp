#include "providers/sdk/dispatcher.h"

#include "engine/base/text.h"
#include "engine/provider/provider.h"
#include "providers/sdk/protocol_json.h"
#include "providers/sdk/validate.h"

namespace forma::sdk {
namespace {

// A malformed request: answered with a JSON-RPC error, not a diagnostic.
struct BadParams {
  std::string message;
};

std::string string_param(const json& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string()) throw BadParams{"params." + std::string(key) + " must be a string"};
  return it->get<std::string>();
}

std::string optional_string_param(const json& params, const char* key) {
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// params[key] when it is an object, nullptr when it is absent or null; anything else is bad params.
template <typename Params>
auto object_or_null_at(Params& params, const char* key) -> decltype(&*params.find(key)) {
  auto it = params.find(key);
  if (it == params.end() || it->is_null()) return nullptr;
  if (!it->is_object()) throw BadParams{"params." + std::string(key) + " must be an object or null"};
  return &*it;
}

json object_or_null_param(const json& params, const char* key) {
  const json* value = object_or_null_at(params, key);
  return value ? *value : json(nullptr);
}

// object_or_null_param, moving the value out of `params`.
json take_object_or_null_param(json& params, const char* key) {
  json* value = object_or_null_at(params, key);
  return value ? std::move(*value) : json(nullptr);
}

template <typename Map>
typename Map::mapped_type find_type(const Map& types, const std::string& type, const char* kind) {
  auto it = types.find(type);
  if (it != types.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [name, unused] : types) names.push_back(name);
  throw BadParams{std::string("unknown ") + kind + " type " + quote(type) + "." + did_you_mean(type, names)};
}

json with_diagnostics(json result, const Diagnostics& diagnostics) {
  result["diagnostics"] = diagnostics_to_json(diagnostics);
  return result;
}

// A provider must never hand back an unknown after apply or read.
void check_known(const json& state, Diagnostics& diags) {
  if (contains_unknown(state))
    diags.push_back(Diagnostic::error("The provider returned an unknown value after the operation",
                                      "This is a bug in the provider."));
}

}  // namespace

Dispatcher::Dispatcher(const ProviderSpec& spec) : spec_(spec) {
  for (const auto& [type, r] : spec_.resources) resource_schemas_.emplace(type, r->schema());
  for (const auto& [type, d] : spec_.data_sources) data_schemas_.emplace(type, d->schema());
}

Reply Dispatcher::handle(const std::string& method, json params) {
  try {
    if (!params.is_object() && !params.is_null()) return Reply::failure(kInvalidParams, "params must be an object");
    if (params.is_null()) params = json::object();
    json& p = params;
    if (method == "handshake") return handshake(p);
    if (method == "schema") return schema();
    if (method == "configure") return configure(p);
    if (method == "validate_resource") return validate_resource(p);
    if (method == "plan_resource") return plan_resource(p);
    if (method == "apply_resource") return apply_resource(p);
    if (method == "read_resource") return read_resource(p);
    if (method == "import_resource") return import_resource(p);
    if (method == "read_data") return read_data(p);
    if (method == "stop") return Reply::success(json::object());
    return Reply::failure(kMethodNotFound, "unknown method " + quote(method));
  } catch (const BadParams& e) {
    return Reply::failure(kInvalidParams, e.message);
  } catch (const std::exception& e) {
    return Reply::failure(kInternalError, "internal error in " + method + ": " + e.what());
  } catch (...) {
    return Reply::failure(kInternalError, "internal error in " + method);
  }
}

bool Dispatcher::answers_at_once(const std::string& method, const json& params) const {
  if (method != "plan_resource" && method != "validate_resource") return false;
  if (!params.is_object() || optional_string_param(params, "mode") == "data") return false;
  auto it = spec_.resources.find(optional_string_param(params, "type"));
  return it != spec_.resources.end() && it->second->plans_offline();
}

Reply Dispatcher::handshake(const json& params) {
  json version = params.value("protocol_version", json());
  if (version != json(provider::kProtocolVersion))
    return Reply::failure(kInvalidParams, "forma speaks protocol version " + version.dump() + " but provider " +
                                              quote(spec_.name) + " speaks version " +
                                              std::to_string(provider::kProtocolVersion));
  // plan_validates: plan_resource checks the configuration as validate_resource
  // does, so forma need not send both for every instance.
  return Reply::success({{"protocol_version", provider::kProtocolVersion},
                         {"name", spec_.name},
                         {"version", spec_.version},
                         {"capabilities", {"plan_validates"}}});
}

Reply Dispatcher::schema() {
  json resources = json::object(), data_sources = json::object();
  for (const auto& [type, schema] : resource_schemas_) resources[type] = schema.to_json();
  for (const auto& [type, schema] : data_schemas_) data_sources[type] = schema.to_json();
  return Reply::success({{"provider", {{"attributes", attributes_to_json(spec_.config_attributes)}}},
                         {"resources", resources},
                         {"data_sources", data_sources}});
}

Reply Dispatcher::configure(const json& params) {
  json config = object_or_null_param(params, "config");
  if (config.is_null()) config = json::object();
  Diagnostics diags = validate_config(spec_.config_attributes, config);
  if (!has_errors(diags) && spec_.configure) {
    json planned = plan_change(spec_.config_attributes, nullptr, config).planned_state;
    append(diags, spec_.configure(planned));
  }
  return Reply::success(with_diagnostics(json::object(), diags));
}

Reply Dispatcher::validate_resource(const json& params) {
  std::string type = string_param(params, "type");
  std::string mode = optional_string_param(params, "mode");
  json config = params.value("config", json::object());
  Diagnostics diags;
  if (mode == "data") {
    auto source = find_type(spec_.data_sources, type, "data source");
    diags = validate_config(data_schema(type).attributes, config);
    if (!has_errors(diags)) append(diags, source->validate(config));
  } else {
    auto resource = find_type(spec_.resources, type, "resource");
    diags = validate_config(resource_schema(type).attributes, config);
    if (!has_errors(diags)) append(diags, resource->validate(config));
  }
  return Reply::success(with_diagnostics(json::object(), diags));
}

Reply Dispatcher::plan_resource(json& params) {
  PlanRequest request{string_param(params, "type"), optional_string_param(params, "address"),
                      take_object_or_null_param(params, "prior_state"), take_object_or_null_param(params, "config")};
  auto resource = find_type(spec_.resources, request.type, "resource");
  const ResourceSchema& schema = resource_schema(request.type);
  Diagnostics validation;  // warnings of a valid configuration reach the plan too
  if (!request.config.is_null()) {
    validation = validate_config(schema.attributes, request.config);
    if (!has_errors(validation)) append(validation, resource->validate(request.config));
    if (has_errors(validation)) return Reply::success(with_diagnostics({{"planned_state", nullptr}}, validation));
  }
  PlannedChange change = plan_change(schema.attributes, request.prior_state, request.config);
  if (!request.config.is_null()) resource->customize_plan(request, change);
  append(validation, std::move(change.diagnostics));
  json result = json::object();
  result["planned_state"] = std::move(change.planned_state);
  result["requires_replace"] = std::move(change.requires_replace);
  if (!change.sensitive_paths.empty()) result["sensitive_paths"] = std::move(change.sensitive_paths);
  if (!change.nested_changes.empty()) result["nested_changes"] = std::move(change.nested_changes);
  return Reply::success(with_diagnostics(std::move(result), validation));
}

Reply Dispatcher::apply_resource(const json& params) {
  ApplyRequest request{string_param(params, "type"),
                       optional_string_param(params, "address"),
                       object_or_null_param(params, "prior_state"),
                       object_or_null_param(params, "planned_state"),
                       object_or_null_param(params, "config"),
                       optional_string_param(params, "creation_token")};
  auto resource = find_type(spec_.resources, request.type, "resource");
  StateResult out;
  if (request.planned_state.is_null()) {
    if (!request.prior_state.is_null()) {
      out.diagnostics = resource->remove(request);
      // An object that could not be deleted still exists.
      if (has_errors(out.diagnostics)) out.state = request.prior_state;
    }
  } else if (request.prior_state.is_null()) {
    out = resource->create(request);
  } else {
    out = resource->update(request);
  }
  check_known(out.state, out.diagnostics);
  json result = {{"new_state", out.state}};
  if (out.partial) result["partial"] = true;
  return Reply::success(with_diagnostics(result, out.diagnostics));
}

Reply Dispatcher::read_resource(const json& params) {
  ReadRequest request{string_param(params, "type"), optional_string_param(params, "address"),
                      object_or_null_param(params, "state"), optional_string_param(params, "creation_token")};
  auto resource = find_type(spec_.resources, request.type, "resource");
  StateResult out = resource->read(request);
  check_known(out.state, out.diagnostics);
  return Reply::success(with_diagnostics({{"new_state", out.state}}, out.diagnostics));
}

Reply Dispatcher::import_resource(const json& params) {
  std::string type = string_param(params, "type");
  std::string id = string_param(params, "id");
  StateResult out = find_type(spec_.resources, type, "resource")->import_state(id);
  return Reply::success(with_diagnostics({{"state", out.state}}, out.diagnostics));
}

Reply Dispatcher::read_data(const json& params) {
  DataRequest request{string_param(params, "type"), optional_string_param(params, "address"),
                      object_or_null_param(params, "config")};
  auto source = find_type(spec_.data_sources, request.type, "data source");
  if (request.config.is_null()) request.config = json::object();
  request.config = plan_change(data_schema(request.type).attributes, nullptr, request.config).planned_state;
  StateResult out = source->read(request);
  check_known(out.state, out.diagnostics);
  return Reply::success(with_diagnostics({{"state", out.state}}, out.diagnostics));
}

}  // namespace forma::sdk
