// The Azure side's throughput: how many ARM GETs forma-azure-emulator serves
// on loopback with 16 concurrent keep-alive clients, and how many TCP
// connections the provider's ARM client (libcurl transport) opens for 1,000
// sequential calls, counted by a loopback TCP relay in front of the emulator.
//
//   bench_arm_throughput [--seconds S] [--clients N] [--calls N] [--json]
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "providers/azure/arm/client.h"
#include "providers/azure/arm/credentials.h"
#include "providers/azure/arm/http.h"
#include "tests/e2e/emulator_process.h"

using forma::json;

namespace {

std::string env_value(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& e : env)
    if (e.rfind(key + "=", 0) == 0) return e.substr(key.size() + 1);
  return "";
}

// Accepts on 127.0.0.1:<port>, counts connections and relays bytes to the target port.
class CountingRelay {
 public:
  explicit CountingRelay(int target_port) : target_port_(target_port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listener_, 64) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      std::perror("relay");
      std::exit(1);
    }
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~CountingRelay() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    for (auto& t : pumps_) t.join();
  }
  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  void accept_loop() {
    while (!stop_) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      ++connections_;
      pumps_.emplace_back([this, client] { pump(client); });
    }
  }
  void pump(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(target_port_));
    if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      char buf[65536];
      while (!stop_ && poll(fds, 2, 200) >= 0) {
        bool closed = false;
        for (int i = 0; i < 2 && !closed; ++i) {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          ssize_t n = read(fds[i].fd, buf, sizeof buf);
          if (n <= 0 || write(fds[1 - i].fd, buf, static_cast<size_t>(n)) != n) closed = true;
        }
        if (closed) break;
      }
    }
    close(server);
    close(client);
  }

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::vector<std::thread> pumps_;
};

std::string bearer_token(const forma::e2e::EmulatorProcess& emulator, httplib::SSLClient& client) {
  const auto& env = emulator.env();
  httplib::Params form{{"grant_type", "client_credentials"},
                       {"client_id", env_value(env, "ARM_CLIENT_ID")},
                       {"client_secret", env_value(env, "ARM_CLIENT_SECRET")},
                       {"scope", emulator.endpoint() + "/.default"}};
  auto res = client.Post(("/" + env_value(env, "ARM_TENANT_ID") + "/oauth2/v2.0/token").c_str(), form);
  if (!res || res->status != 200) return "";
  return json::parse(res->body, nullptr, false).value("access_token", "");
}

std::unique_ptr<httplib::SSLClient> client_for(const forma::e2e::EmulatorProcess& emulator, int port) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  c->set_ca_cert_path((emulator.data_dir() / "ca.pem").c_str());
  c->enable_server_certificate_verification(true);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);  // as libcurl, the provider's transport, does by default
  c->set_read_timeout(30, 0);
  return c;
}

// GETs of one resource group by `clients` threads for `seconds`; successful answers per second.
double get_rps(const forma::e2e::EmulatorProcess& emulator, int port, const std::string& path, int clients,
               double seconds) {
  auto probe = client_for(emulator, port);
  std::string token = bearer_token(emulator, *probe);
  if (token.empty()) return 0;
  std::atomic<long> ok{0}, failed{0};
  auto start = std::chrono::steady_clock::now();
  auto until = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&] {
      auto c = client_for(emulator, port);
      httplib::Headers h{{"Authorization", "Bearer " + token}};
      while (std::chrono::steady_clock::now() < until) {
        auto res = c->Get(path.c_str(), h);
        if (res && res->status == 200) ++ok;
        else ++failed;
      }
    });
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed) std::fprintf(stderr, "emulator_get_rps: %ld GETs failed\n", failed.load());
  return static_cast<double>(ok) / elapsed;
}

// Connections the ARM client opens for `calls` sequential GETs through the relay.
int connections_for(const forma::e2e::EmulatorProcess& emulator, int port, const std::string& path, int calls,
                    int& failures) {
  const auto& env = emulator.env();
  CountingRelay relay(port);
  forma::azure::TransportOptions to;
  to.ca_file = (emulator.data_dir() / "ca.pem").string();
  std::shared_ptr<forma::azure::HttpTransport> transport = forma::azure::make_curl_transport(to);
  std::string relayed = "https://127.0.0.1:" + std::to_string(relay.port());
  // Tokens come from the emulator itself; only ARM calls go through the relay.
  forma::azure::Credentials cr{emulator.endpoint(), emulator.endpoint(), env_value(env, "ARM_TENANT_ID"),
                               env_value(env, "ARM_CLIENT_ID"), env_value(env, "ARM_CLIENT_SECRET"), false};
  std::shared_ptr<forma::azure::TokenSource> tokens;
  if (auto st = forma::azure::make_token_source(cr, transport, tokens); !st) {
    std::fprintf(stderr, "token source: %s\n", st.message().c_str());
    return -1;
  }
  forma::azure::ClientOptions o;
  o.endpoint = relayed;
  o.subscription_id = env_value(env, "ARM_SUBSCRIPTION_ID") + "-bench";
  o.max_requests_per_second = 1e6;  // the pacing is not what is measured
  forma::azure::ArmClient client(o, tokens, transport);
  failures = 0;
  for (int i = 0; i < calls; ++i)
    if (!client.get(path, "2019-10-01").ok()) ++failures;
  return relay.connections();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int clients = 16, calls = 1000;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) seconds = std::stod(argv[++i]);
    else if (a == "--clients" && i + 1 < argc) clients = std::stoi(argv[++i]);
    else if (a == "--calls" && i + 1 < argc) calls = std::stoi(argv[++i]);
    else if (a == "--json") as_json = true;
  }
  forma::e2e::EmulatorOptions eo;
  eo.provisioning_ms = 0;
  forma::e2e::EmulatorProcess emulator(eo);
  if (!emulator.running()) {
    std::fprintf(stderr, "%s\n", emulator.startup_error().c_str());
    return 1;
  }
  std::string sub = env_value(emulator.env(), "ARM_SUBSCRIPTION_ID");
  std::string group = "/subscriptions/" + sub + "/resourcegroups/bench-rg";
  int status = 0;
  emulator.arm("PUT", group + "?api-version=2019-10-01", json{{"location", "eastus"}}, &status);
  if (status != 200 && status != 201) {
    std::fprintf(stderr, "cannot create the resource group (HTTP %d)\n", status);
    return 1;
  }
  int port = std::stoi(emulator.endpoint().substr(emulator.endpoint().rfind(':') + 1));
  double rps = get_rps(emulator, port, group + "?api-version=2019-10-01", clients, seconds);
  int failures = 0;
  int connections = connections_for(emulator, port, group, calls, failures);
  if (failures) std::fprintf(stderr, "provider_connections: %d of %d calls failed\n", failures, calls);
  double per_1000 = calls > 0 ? connections * 1000.0 / calls : 0;
  if (as_json)
    std::printf("%s\n", json{{"emulator_get_rps", rps}, {"provider_connections_per_1000_calls", per_1000}}.dump().c_str());
  else
    std::printf("emulator_get_rps %.0f\nprovider_connections_per_1000_calls %.1f\n", rps, per_1000);
  return 0;
}
