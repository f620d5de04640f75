#include "providers/azure/arm/request_log.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "engine/base/text.h"
#include "providers/azure/arm/redaction.h"

namespace forma::azure {
namespace {

void append_trace(std::string& out, char direction, const std::map<std::string, std::string>& headers,
                  const std::string& url, const std::string& body) {
  for (const auto& [name, value] : headers) {
    std::string lower_name = name;
    std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    out += "\n  ";
    out += direction;
    out += " " + name + ": " + redact_header(lower_name, value);
  }
  if (!body.empty()) {
    out += "\n  ";
    out += direction;
    out += " " + redact_body(url, body);
  }
}

class LoggingTransport : public HttpTransport {
 public:
  LoggingTransport(std::shared_ptr<HttpTransport> inner, RequestLog log)
      : inner_(std::move(inner)), log_(std::move(log)) {}

  Status send(const HttpRequest& request, HttpResponse& response) override {
    auto start = std::chrono::steady_clock::now();
    Status status = inner_->send(request, response);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log_.sink(describe_exchange(request, status ? &response : nullptr, status, seconds, log_.level));
    return status;
  }

 private:
  std::shared_ptr<HttpTransport> inner_;
  RequestLog log_;
};

}  // namespace

RequestLog RequestLog::from_environment() {
  RequestLog log;
  std::string level;
  if (const char* env = std::getenv("FORMA_LOG")) level = env;
  std::transform(level.begin(), level.end(), level.begin(), [](unsigned char c) { return std::tolower(c); });
  if (level == "debug") log.level = LogLevel::debug;
  if (level == "trace") log.level = LogLevel::trace;
  return log;
}

std::string describe_exchange(const HttpRequest& request, const HttpResponse* response, const Status& status,
                              double seconds, LogLevel level) {
  std::string out = "[arm] " + request.method + " " + redact_url(request.url) + " -> ";
  if (!response) {
    out += "failed after " + format_duration(seconds) + ": " + status.message();
  } else {
    out += std::to_string(response->status) + " in " + format_duration(seconds);
    std::string request_id = response->header("x-ms-request-id");
    if (!request_id.empty()) out += " (x-ms-request-id " + request_id + ")";
  }
  if (level != LogLevel::trace) return out;
  append_trace(out, '>', request.headers, request.url, request.body);
  if (response) append_trace(out, '<', response->headers, request.url, response->body);
  return out;
}

std::unique_ptr<HttpTransport> make_logging_transport(std::shared_ptr<HttpTransport> inner, RequestLog log) {
  if (!log.sink) {
    log.sink = [](const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); };
  }
  return std::make_unique<LoggingTransport>(std::move(inner), std::move(log));
}

}  // namespace forma::azure
