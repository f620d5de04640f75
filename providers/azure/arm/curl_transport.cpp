// The libcurl transport. Each thread keeps one easy handle for its whole life:
// curl_easy_reset clears the options but keeps live connections, so
// consecutive calls from a thread reuse the same TLS connection.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

#include "providers/azure/arm/http.h"
#include "providers/azure/arm/request_log.h"

namespace forma::azure {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct ThreadHandle {
  CURL* curl = nullptr;
  ThreadHandle() { curl = curl_easy_init(); }
  ~ThreadHandle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

CURL* thread_handle() {
  thread_local ThreadHandle handle;
  return handle.curl;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string trim(std::string s) {
  auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), blank));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), blank).base(), s.end());
  return s;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();  // a new status line (after 100 Continue): only the final answer's headers count
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string value = trim(line.substr(colon + 1));
  auto [it, inserted] = headers.emplace(name, value);
  if (!inserted) it->second += ", " + value;
  return size * count;
}

// CURLOPT_OPENSOCKETFUNCTION for loopback_only: no socket, so no packet, for
// any address outside the loopback network.
curl_socket_t open_loopback_socket(void*, curlsocktype, curl_sockaddr* address) {
  bool loopback = false;
  if (address->family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address->addr);
    loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  } else if (address->family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
    loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
  }
  if (!loopback) return CURL_SOCKET_BAD;
  return ::socket(address->family, address->socktype, address->protocol);
}

// The URL without its query, for error messages (queries may carry signatures).
std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(TransportOptions options) : options_(std::move(options)) { global_init_once(); }

  Status send(const HttpRequest& request, HttpResponse& response) override {
    CURL* curl = thread_handle();
    if (!curl) return Status::error("Could not initialise libcurl");
    curl_easy_reset(curl);
    response = HttpResponse{};
    HeaderList headers;
    for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
    headers.add("Expect:");  // no 100-continue round trip for large bodies
    configure(curl, request, headers.list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
      std::string why = error[0] ? error : curl_easy_strerror(rc);
      if (options_.loopback_only && rc == CURLE_COULDNT_CONNECT)
        why += " (FORMA_NETWORK=loopback allows only 127.0.0.0/8 and ::1)";
      response = HttpResponse{};
      return Status::error(request.method + " " + without_query(request.url) + " failed: " + why);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return Status::ok();
  }

 private:
  void configure(CURL* curl, const HttpRequest& request, curl_slist* headers) const {
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, never followed
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (options_.loopback_only) curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_loopback_socket);
    if (request.method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
      return;
    }
    if (request.method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "DELETE" && request.body.empty()) return;
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
  }

  TransportOptions options_;
};

}  // namespace

bool loopback_only_from_environment() {
  const char* network = std::getenv("FORMA_NETWORK");
  return network && std::string(network) == "loopback";
}

std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options) {
  TransportOptions effective = options;
  effective.loopback_only = options.loopback_only || loopback_only_from_environment();
  std::unique_ptr<HttpTransport> curl = std::make_unique<CurlTransport>(effective);
  RequestLog log = RequestLog::from_environment();
  if (log.level == LogLevel::off) return curl;
  return make_logging_transport(std::move(curl), std::move(log));
}

}  // namespace forma::azure
