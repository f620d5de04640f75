#include "providers/azure/emulator/frontends.h"

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/scale_set_instances.h"

namespace forma::emulator {
namespace {

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

std::string page(const ServedInstance& i, int backend_port) {
  return "<!DOCTYPE html>\n<html><head><title>JupyterHub</title></head><body>\n<h1>JupyterHub</h1>\n"
         "<p>Served by <span id=\"instance\">" + escape_html(i.name) + "</span> (" + escape_html(i.computer_name) +
         ") of scale set " + escape_html(i.scale_set) + " on port " + std::to_string(backend_port) +
         ".</p>\n</body></html>\n";
}

}  // namespace

std::vector<FrontendSpec> desired_frontends(const Cloud& cloud) {
  std::vector<FrontendSpec> out;
  for (const StoredResource* lb : cloud.store.all()) {
    if (lb->type != kLoadBalancerType || lb->body["properties"].value("provisioningState", "") == "Deleting") continue;
    for (const json& rule : lb->body["properties"].value("loadBalancingRules", json::array())) {
      const json& p = rule["properties"];
      if (p.value("protocol", "") == "Udp" || p.value("backendPort", 0) == 22 || !p.contains("backendAddressPool"))
        continue;
      const json frontend = load_balancer_child(
          cloud, p.value("frontendIPConfiguration", json::object()).value("id", ""), "frontendIPConfigurations");
      if (frontend.is_null()) continue;
      const StoredResource* ip =
          cloud.store.find(frontend["properties"].value("publicIPAddress", json::object()).value("id", ""));
      if (!ip || !ip->internal.contains("address")) continue;
      out.push_back({ip->internal["address"], p.value("frontendPort", 0), rule.value("id", ""),
                     p["backendAddressPool"].value("id", ""), p.value("backendPort", 0)});
    }
  }
  return out;
}

std::vector<ServedInstance> instances_behind(const Cloud& cloud, const std::string& pool_id, int64_t now) {
  std::vector<ServedInstance> out;
  for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud)) {
    if (!refers_to(c.properties.value("loadBalancerBackendAddressPools", json()), pool_id)) continue;
    for (const InstanceState& i : scale_set_instances(cloud, *c.scale_set, now))
      if (i.running()) out.push_back({c.scale_set->body.value("name", ""), i.name, i.computer_name});
  }
  return out;
}

struct FrontendServers::Server {
  FrontendSpec spec;
  httplib::Server http;
  std::thread thread;
  std::atomic<unsigned long> next{0};
  std::string error;
  std::chrono::steady_clock::time_point failed_at;

  ~Server() {
    http.stop();
    if (thread.joinable()) thread.join();
  }
};

FrontendServers::FrontendServers(Cloud& cloud) : cloud_(cloud) {}
FrontendServers::~FrontendServers() { stop_all(); }

void FrontendServers::reconcile() {
  std::vector<FrontendSpec> wanted;
  {
    std::lock_guard lock(cloud_.mutex);
    wanted = desired_frontends(cloud_);
  }
  std::map<std::string, FrontendSpec> by_key;
  for (const FrontendSpec& s : wanted) by_key.emplace(s.address + ":" + std::to_string(s.port), s);
  std::lock_guard lock(mu_);
  for (auto it = servers_.begin(); it != servers_.end();) {
    auto w = by_key.find(it->first);
    const bool retry = !it->second->error.empty() &&
                       std::chrono::steady_clock::now() - it->second->failed_at > std::chrono::seconds(5);
    const bool keep = w != by_key.end() && w->second.rule_id == it->second->spec.rule_id &&
                      w->second.backend_pool_id == it->second->spec.backend_pool_id && !retry;
    it = keep ? std::next(it) : servers_.erase(it);
  }
  for (const auto& [key, spec] : by_key) {
    if (servers_.count(key)) continue;
    auto server = std::make_unique<Server>();
    server->spec = spec;
    Server* s = server.get();
    s->http.new_task_queue = [] { return new httplib::ThreadPool(2); };
    s->http.Get(".*", [this, s](const httplib::Request&, httplib::Response& res) {
      std::vector<ServedInstance> instances;
      {
        std::lock_guard lock(cloud_.mutex);
        instances = instances_behind(cloud_, s->spec.backend_pool_id, cloud_.now());
      }
      if (instances.empty()) {
        res.status = 503;
        res.set_content("<!DOCTYPE html>\n<html><body><h1>503 Service Unavailable</h1><p>No instance is running "
                        "behind this load balancer.</p></body></html>\n",
                        "text/html; charset=utf-8");
        return;
      }
      const ServedInstance& i = instances[s->next++ % instances.size()];
      res.set_header("X-Served-By", i.name);
      res.set_content(page(i, s->spec.backend_port), "text/html; charset=utf-8");
    });
    if (!s->http.bind_to_port(spec.address, spec.port)) {
      s->error = "cannot listen on " + key;
      s->failed_at = std::chrono::steady_clock::now();
      std::fprintf(stderr, "forma-azure-emulator: load balancer rule %s: %s\n", spec.rule_id.c_str(), s->error.c_str());
    } else {
      s->thread = std::thread([s] { s->http.listen_after_bind(); });
      for (int i = 0; i < 2000 && !s->http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    servers_.emplace(key, std::move(server));
  }
}

void FrontendServers::stop_all() {
  std::lock_guard lock(mu_);
  servers_.clear();
}

json FrontendServers::describe() {
  std::lock_guard lock(mu_);
  json out = json::array();
  for (const auto& [key, s] : servers_)
    out.push_back({{"address", s->spec.address},
                   {"port", s->spec.port},
                   {"rule_id", s->spec.rule_id},
                   {"url", "http://" + key + "/"},
                   {"serving", s->error.empty()},
                   {"error", s->error}});
  return out;
}

}  // namespace forma::emulator
