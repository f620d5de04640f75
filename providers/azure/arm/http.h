// HTTP transport seam of the ARM client: the real one is libcurl (connection
// reuse, TLS verification always on); tests swap in a scripted one.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/base/status.h"

namespace forma::azure {

struct HttpRequest {
  std::string method;  // GET PUT PATCH POST DELETE
  std::string url;     // absolute
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_name) const;  // "" when absent
};

struct TransportOptions {
  std::string ca_file;     // extra CA bundle (PEM) to trust; empty: the system's
  int timeout_ms = 60000;  // whole request
  int connect_timeout_ms = 10000;
  // Refuse to open a connection to any address outside 127.0.0.0/8 and ::1.
  // Set from FORMA_NETWORK=loopback, which the test suite sets so that a
  // configuration mistake can never reach Azure or any other host.
  bool loopback_only = false;
};

// TransportOptions::loopback_only as the environment asks (FORMA_NETWORK=loopback).
bool loopback_only_from_environment();

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one request. A Status error means no HTTP answer arrived (connection
  // refused or dropped, TLS failure, timeout); an HTTP error status is an answer.
  virtual Status send(const HttpRequest& request, HttpResponse& response) = 0;
};

// Thread-safe: each calling thread reuses its own connections. FORMA_NETWORK=loopback
// in the environment turns loopback_only on whatever `options` say.
std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options);

}  // namespace forma::azure
