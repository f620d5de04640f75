#include "providers/azure/emulator/server.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <thread>

#include "engine/base/text.h"
#include "providers/azure/emulator/admin.h"
#include "providers/azure/emulator/autoscale.h"
#include "providers/azure/emulator/frontends.h"
#include "providers/azure/emulator/auth.h"
#include "providers/azure/emulator/certificates.h"
#include "providers/azure/emulator/credentials.h"
#include "providers/azure/emulator/node_sources.h"
#include "providers/azure/emulator/node_supervisor.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/router.h"

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

// The server's worker pool, counting each accepted connection.
class CountingPool : public httplib::TaskQueue {
 public:
  CountingPool(size_t threads, std::atomic<long>& accepted) : pool_(threads), accepted_(accepted) {}
  void enqueue(std::function<void()> fn) override {
    ++accepted_;
    pool_.enqueue(std::move(fn));
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<long>& accepted_;
};

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ArmRequest arm_request(const httplib::Request& req, const std::string& base_url) {
  ArmRequest a;
  a.method = req.method;
  a.api_version = req.get_param_value("api-version");
  a.expand = req.get_param_value("$expand");
  a.body = req.body;
  a.base_url = base_url;
  size_t start = 0;
  while (start <= req.path.size()) {
    size_t slash = req.path.find('/', start);
    if (slash == std::string::npos) slash = req.path.size();
    if (slash > start) a.segments.push_back(req.path.substr(start, slash - start));
    start = slash + 1;
  }
  for (const auto& s : a.segments) a.lower.push_back(lower_case(s));
  return a;
}

void write(const ArmResponse& a, httplib::Response& res) {
  res.status = a.status;
  for (const auto& [name, value] : a.headers) res.set_header(name.c_str(), value);
  if (!a.body.is_null()) res.set_content(a.body.dump(), "application/json; charset=utf-8");
}

// Cuts the TCP connection under the TLS session: the client sees it dropped.
void drop_connection(const httplib::Request& req) {
  if (req.ssl) ::shutdown(SSL_get_fd(req.ssl), SHUT_RDWR);
}

json metadata(const std::string& base_url) {
  const std::string root = base_url + "/";
  return {{"authentication",
           {{"loginEndpoint", root},
            {"audiences", json::array({root})},
            {"tenant", "common"},
            {"identityProvider", "AAD"}}},
          {"resourceManager", root},
          {"name", "FormaEmulator"},
          {"portal", root},
          {"suffixes", {{"storage", "core.windows.net"}, {"keyVaultDns", "vault.azure.net"}}}};
}

}  // namespace

struct Emulator::Impl {
  fs::path dir;
  CertificateFiles certificates;
  std::unique_ptr<Cloud> cloud;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  RequestCounters counters;
  std::atomic<long> reads{0}, writes{0};
  int port = 0;
  std::string base_url;
  NodeSupervisor nodes;
  std::thread node_thread;
  std::mutex node_mutex;
  std::condition_variable node_wake;
  bool node_stop = false;
  std::unique_ptr<FrontendServers> frontends;
  // Background work that time alone drives: operations ending, autoscale,
  // load balancer frontends following the instances (node servers
  // follow on their own thread: starting one takes a while).
  std::thread ticker;
  std::mutex tick_mu;
  std::condition_variable tick_cv;
  bool stopping = false;

  Status prepare(const Options& options);
  void tick_loop();
  Status listen(const Options& options);
  void handle(const httplib::Request& req, httplib::Response& res);
  void handle_arm(const httplib::Request& req, httplib::Response& res);
  bool inject_fault(const httplib::Request& req, httplib::Response& res, Fault fault);
  void add_rate_limit_headers(const httplib::Request& req, httplib::Response& res);
  void sync_nodes();
  void supervise_nodes();
  void stop_nodes();
};

Status Emulator::Impl::prepare(const Options& options) {
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  dir = fs::absolute(options.data_dir, ec).lexically_normal();
  if (ec || !fs::is_directory(dir))
    return Status::error("cannot create the data directory " + options.data_dir);
  if (Status s = ensure_certificates(dir, certificates); !s) return s;
  Options resolved = options;
  resolved.data_dir = dir.string();
  std::string signing_key;
  if (Status s = resolve_credentials(dir, resolved, signing_key); !s) return s;
  cloud = std::make_unique<Cloud>(resolved, signing_key);
  cloud->clock = system_now_ms;
  if (resolved.clock_start_ms) {
    const int64_t offset = *resolved.clock_start_ms - system_now_ms();
    cloud->clock = [offset] { return system_now_ms() + offset; };
  }
  return cloud->store.open((dir / "emulator.db").string());
}

void Emulator::Impl::tick_loop() {
  std::unique_lock lock(tick_mu);
  while (!stopping) {
    lock.unlock();
    {
      std::lock_guard cloud_lock(cloud->mutex);
      settle_operations(*cloud);
      apply_autoscale(*cloud);
    }
    frontends->reconcile();
    lock.lock();
    tick_cv.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping; });
  }
}

Status Emulator::Impl::listen(const Options& options) {
  server =
      std::make_unique<httplib::SSLServer>(certificates.server_cert.c_str(), certificates.server_key.c_str());
  if (!server->is_valid())
    return Status::error("cannot load the server certificate " + certificates.server_cert.string());
  server->new_task_queue = [this] { return new CountingPool(32, counters.connections_accepted); };
  server->set_keep_alive_max_count(100000);
  // Answers go out as headers then body; with Nagle's algorithm the body waits
  // for the client's delayed ACK (40 ms on Linux) on every kept-alive request.
  server->set_tcp_nodelay(true);
  server->set_payload_max_length(16 * 1024 * 1024);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server->Get(".*", handler)
      .Put(".*", handler)
      .Post(".*", handler)
      .Patch(".*", handler)
      .Delete(".*", handler);
  server->Options(".*", handler);
  port = options.port == 0 ? server->bind_to_any_port(options.listen_host)
                           : (server->bind_to_port(options.listen_host, options.port) ? options.port : -1);
  if (port <= 0)
    return Status::error("cannot listen on " + options.listen_host + ":" + std::to_string(options.port) +
                         " (address in use?)");
  base_url = "https://" + options.listen_host + ":" + std::to_string(port);
  thread = std::thread([this] { server->listen_after_bind(); });
  // stop() only works once the accept loop runs.
  for (int i = 0; i < 5000 && !server->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Status::ok();
}

void Emulator::Impl::handle(const httplib::Request& req, httplib::Response& res) {
  ++counters.total;
  res.set_header("x-ms-request-id", random_uuid());
  res.set_header("x-ms-correlation-request-id", random_uuid());
  if (req.has_header("x-ms-client-request-id"))
    res.set_header("x-ms-client-request-id", req.get_header_value("x-ms-client-request-id"));
  if (is_admin_request(req)) {
    handle_admin_request(*cloud, counters, nodes, *frontends, req, res);
  } else if (is_token_request(req)) {
    handle_token_request(*cloud, req, res);
  } else if (req.path == "/metadata/endpoints") {
    res.set_content(metadata(base_url).dump(), "application/json; charset=utf-8");
  } else {
    handle_arm(req, res);
  }
  counters.count(res.status);
}

bool Emulator::Impl::inject_fault(const httplib::Request& req, httplib::Response& res, Fault fault) {
  ArmResponse a;
  switch (fault) {
    case Fault::Throttle:
      arm_error(a, 429, "TooManyRequests",
                "The request is being throttled as the limit has been reached for operation "
                "type - " +
                    std::string(req.method == "GET" ? "Read" : "Write") + ".");
      a.header("Retry-After", "1");
      break;
    case Fault::Unavailable:
      arm_error(a, 503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.");
      a.header("Retry-After", "1");
      break;
    case Fault::InternalError:
      arm_error(a, 500, "InternalServerError",
                "Encountered internal server error. Tracking id '" + res.get_header_value("x-ms-request-id") +
                    "'.");
      break;
    case Fault::DropBeforeHandling:
      drop_connection(req);
      res.status = 500;
      return true;
    default:
      return false;
  }
  write(a, res);
  return true;
}

void Emulator::Impl::add_rate_limit_headers(const httplib::Request& req, httplib::Response& res) {
  const bool read = req.method == "GET" || req.method == "HEAD";
  const long used = read ? reads++ : writes++;
  const long budget = read ? 12000 : 1200;
  res.set_header(
      read ? "x-ms-ratelimit-remaining-subscription-reads" : "x-ms-ratelimit-remaining-subscription-writes",
      std::to_string(budget - 1 - used % budget));
}

void Emulator::Impl::handle_arm(const httplib::Request& req, httplib::Response& res) {
  const FaultSettings faults = cloud->faults.settings();
  if (faults.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(faults.latency_ms));
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Pragma", "no-cache");
  res.set_header("Expires", "-1");
  add_rate_limit_headers(req, res);
  const Fault fault = cloud->faults.next_request_fault();
  if (inject_fault(req, res, fault)) return;
  ArmResponse a;
  if (authorize(*cloud, req, a)) {
    std::lock_guard lock(cloud->mutex);
    settle_operations(*cloud);
    try {
      route_arm(*cloud, arm_request(req, base_url), a);
    } catch (const json::exception& e) {  // a body of an unexpected shape somewhere deep
      arm_error(a, 400, "InvalidRequestContent",
                std::string("The request content was invalid and cannot be deserialized: ") + e.what());
    }
    if (!cloud->store.healthy()) arm_error(a, 500, "InternalServerError", cloud->store.error());
  }
  write(a, res);
  if (fault == Fault::DropAfterHandling) drop_connection(req);
}

// One pass: what should exist (cloud locked), then servers started and
// stopped (unlocked: that takes a while), then their states reported back.
void Emulator::Impl::sync_nodes() {
  std::vector<DesiredNode> desired;
  {
    std::lock_guard lock(cloud->mutex);
    settle_operations(*cloud);
    desired = desired_nodes(*cloud, cloud->now());
  }
  nodes.reconcile(desired);
  std::map<std::string, std::string> states = nodes.states();
  std::lock_guard lock(cloud->mutex);
  cloud->node_states = std::move(states);
}

void Emulator::Impl::supervise_nodes() {
  std::unique_lock lock(node_mutex);
  while (!node_stop) {
    lock.unlock();
    sync_nodes();
    lock.lock();
    node_wake.wait_for(lock, std::chrono::milliseconds(cloud->options.node_sync_ms), [this] { return node_stop; });
  }
}

void Emulator::Impl::stop_nodes() {
  {
    std::lock_guard lock(node_mutex);
    node_stop = true;
  }
  node_wake.notify_all();
  if (node_thread.joinable()) node_thread.join();
  nodes.stop_all();
}

Emulator::Emulator() : impl_(std::make_unique<Impl>()) {}
Emulator::~Emulator() { stop(); }

Status Emulator::start(const Options& options) {
  if (Status s = impl_->prepare(options); !s) return s;
  impl_->frontends = std::make_unique<FrontendServers>(*impl_->cloud);
  if (Status s = impl_->listen(options); !s) return s;
  impl_->stopping = false;
  impl_->ticker = std::thread([this] { impl_->tick_loop(); });
  if (impl_->cloud->options.node_ssh) {
    impl_->sync_nodes();  // nodes that existed before a restart serve again before start() returns
    impl_->node_thread = std::thread([this] { impl_->supervise_nodes(); });
  }
  return write_credentials_env(impl_->dir, impl_->base_url, impl_->certificates.ca_cert,
                               impl_->cloud->options);
}

void Emulator::stop() {
  {
    std::lock_guard lock(impl_->tick_mu);
    impl_->stopping = true;
  }
  impl_->tick_cv.notify_all();
  if (impl_->ticker.joinable()) impl_->ticker.join();
  if (impl_->frontends) impl_->frontends->stop_all();
  if (impl_->server) impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
  impl_->stop_nodes();
  if (impl_->cloud) impl_->cloud->store.close();
}

int Emulator::port() const { return impl_->port; }
std::string Emulator::endpoint() const { return impl_->base_url; }
fs::path Emulator::data_dir() const { return impl_->dir; }
fs::path Emulator::ca_file() const { return impl_->certificates.ca_cert; }
const Options& Emulator::options() const { return impl_->cloud->options; }

}  // namespace forma::emulator
