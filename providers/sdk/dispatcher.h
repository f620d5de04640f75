// Turns one protocol request into its answer by calling the provider's
// resources. Thread-safe: the server calls it from many threads at once.
#pragma once

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
  explicit Dispatcher(const ProviderSpec& spec) : spec_(spec) {}
  // Never throws: a resource's exception becomes an internal error reply.
  Reply handle(const std::string& method, const json& params);

 private:
  Reply handshake(const json& params);
  Reply schema();
  Reply configure(const json& params);
  Reply validate_resource(const json& params);
  Reply plan_resource(const json& params);
  Reply apply_resource(const json& params);
  Reply read_resource(const json& params);
  Reply import_resource(const json& params);
  Reply read_data(const json& params);

  const ProviderSpec& spec_;
};

}  // namespace forma::sdk
