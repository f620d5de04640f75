// Turns one protocol request into its answer by calling the provider's
// resources. Thread-safe: the server calls it from many threads at once.
#pragma once

#include <map>
#include <string>

#include "providers/sdk/provider_spec.h"

namespace forma::sdk {

// JSON-RPC error codes used for protocol failures.
inline constexpr int kInvalidParams = -32602;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInternalError = -32603;

struct Reply {
  bool ok = true;
  json result;                // when ok
  int error_code = 0;         // when !ok: a JSON-RPC error
  std::string error_message;

  static Reply success(json result) { return Reply{true, std::move(result), 0, {}}; }
  static Reply failure(int code, std::string message) { return Reply{false, nullptr, code, std::move(message)}; }
};

class Dispatcher {
 public:
  explicit Dispatcher(const ProviderSpec& spec);
  // Never throws: a resource's exception becomes an internal error reply.
  // `params` is taken: states and configs move into the request, uncopied.
  Reply handle(const std::string& method, json params);
  // The call is quick and never waits (see Resource::plans_offline): answer it where it was read.
  bool answers_at_once(const std::string& method, const json& params) const;

 private:
  Reply handshake(const json& params);
  Reply schema();
  Reply configure(const json& params);
  Reply validate_resource(const json& params);
  Reply plan_resource(json& params);
  Reply apply_resource(const json& params);
  Reply read_resource(const json& params);
  Reply import_resource(const json& params);
  Reply read_data(const json& params);

  // A type's schema, built once: plan_resource asks for it on every call.
  const ResourceSchema& resource_schema(const std::string& type) const { return resource_schemas_.at(type); }
  const ResourceSchema& data_schema(const std::string& type) const { return data_schemas_.at(type); }

  const ProviderSpec& spec_;
  std::map<std::string, ResourceSchema> resource_schemas_, data_schemas_;
};

}  // namespace forma::sdk
