#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "providers/azure/arm/http.h"
#include "tests/providers/azure/arm/test_certs.h"

using namespace forma::azure;
using namespace forma::azure::testing;

namespace {

// An HTTPS server on 127.0.0.1:<free port> that counts client connections by
// their source port.
class TlsServer {
 public:
  explicit TlsServer(const TestCertificates& certs)
      : server_(certs.cert_file.c_str(), certs.key_file.c_str()) {
    server_.set_keep_alive_max_count(1000);
    server_.set_tcp_nodelay(true);      // else Nagle and delayed ACKs cost ~40 ms per answer
    server_.set_keep_alive_timeout(1);  // stop() waits this long for the idle kept-alive connection
    server_.Get("/ping", [this](const httplib::Request& req, httplib::Response& res) {
      remember(req);
      res.set_header("X-Ms-Request-Id", "req-42");
      res.set_content(R"({"pong":true})", "application/json");
    });
    server_.Put("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      remember(req);
      res.status = 201;
      res.set_content(req.body, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  size_t connections() {
    std::lock_guard<std::mutex> lock(mutex_);
    return client_ports_.size();
  }

 private:
  void remember(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    client_ports_.insert(req.remote_port);
  }

  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::set<int> client_ports_;
};

}  // namespace

TEST_CASE("the curl transport verifies TLS against the given CA and reuses one connection") {
  TestCertificates certs;
  TlsServer server(certs);
  REQUIRE(server.url("").size() > 20);
  TransportOptions options;
  options.ca_file = certs.ca_file;
  options.timeout_ms = 10000;
  auto transport = make_curl_transport(options);

  HttpResponse response;
  HttpRequest put{"PUT", server.url("/echo"), {{"Content-Type", "application/json"}}, R"({"a":1})"};
  REQUIRE(transport->send(put, response));
  CHECK(response.status == 201);
  CHECK(response.body == R"({"a":1})");
  for (int i = 0; i < 100; ++i) {
    forma::Status s = transport->send(HttpRequest{"GET", server.url("/ping"), {}, ""}, response);
    REQUIRE(s);
    REQUIRE(response.status == 200);
  }
  CHECK(response.body == R"({"pong":true})");
  CHECK(response.header("x-ms-request-id") == "req-42");  // names come back lower-cased
  CHECK(response.header("content-type") == "application/json");
  CHECK(server.connections() == 1);

  // Without the CA the same server is refused: verification is never skipped.
  TransportOptions system_ca;
  system_ca.timeout_ms = 10000;
  auto untrusting = make_curl_transport(system_ca);
  forma::Status refused = untrusting->send(HttpRequest{"GET", server.url("/ping"), {}, ""}, response);
  REQUIRE_FALSE(refused);
  CHECK(refused.message().find("certificate") != std::string::npos);
  CHECK(response.status == 0);
}

TEST_CASE("the curl transport reports a refused connection as an error status") {
  // A port that was free a moment ago: bind, read it, close.
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(sock);
  int port = ntohs(addr.sin_port);
  TransportOptions options;
  options.connect_timeout_ms = 2000;
  options.timeout_ms = 3000;
  HttpResponse response;
  forma::Status s = make_curl_transport(options)->send(
      HttpRequest{"GET", "https://127.0.0.1:" + std::to_string(port) + "/x?sig=abc", {}, ""}, response);
  REQUIRE_FALSE(s);
  CHECK(s.message().find("GET https://127.0.0.1:" + std::to_string(port) + "/x failed") == 0);
  CHECK(s.message().find("sig=abc") == std::string::npos);
}

TEST_CASE("a loopback-only transport opens no socket to an address outside 127.0.0.0/8") {
  TestCertificates certs;
  TlsServer server(certs);
  TransportOptions options;
  options.ca_file = certs.ca_file;
  options.loopback_only = true;
  options.connect_timeout_ms = 2000;
  options.timeout_ms = 3000;
  auto transport = make_curl_transport(options);
  HttpResponse response;
  CHECK(transport->send(HttpRequest{"GET", server.url("/ping"), {}, ""}, response));
  CHECK(response.status == 200);
  // 192.0.2.1 is TEST-NET-1: the socket is never created, so nothing is sent.
  forma::Status refused = transport->send(HttpRequest{"GET", "https://192.0.2.1/subscriptions", {}, ""}, response);
  REQUIRE_FALSE(refused);
  CHECK(refused.message().find("FORMA_NETWORK=loopback") != std::string::npos);
  CHECK(server.connections() == 1);
}
