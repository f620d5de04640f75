// FORMA_LOG=debug logs one line per HTTP exchange to stderr (a plugin's stderr
// is forma's log): method, URL, status, duration, x-ms-request-id. trace adds
// headers and bodies. Everything passes through redaction.h first.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "providers/azure/arm/http.h"

namespace forma::azure {

enum class LogLevel { off, debug, trace };

struct RequestLog {
  LogLevel level = LogLevel::off;
  std::function<void(const std::string&)> sink;  // one exchange's text; default: stderr

  // Level from FORMA_LOG ("debug" or "trace", any case; anything else is off).
  static RequestLog from_environment();
};

// The log text of one exchange; `response` is null when no answer arrived.
std::string describe_exchange(const HttpRequest& request, const HttpResponse* response, const Status& status,
                              double seconds, LogLevel level);

// Wraps `inner`, logging every exchange it carries.
std::unique_ptr<HttpTransport> make_logging_transport(std::shared_ptr<HttpTransport> inner, RequestLog log);

}  // namespace forma::azure
