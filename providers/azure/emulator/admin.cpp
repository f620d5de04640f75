#include "providers/azure/emulator/admin.h"

#include "providers/azure/emulator/autoscale.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/scale_set_instances.h"

namespace forma::emulator {
namespace {

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void bad_request(httplib::Response& res, const std::string& message) {
  reply(res, 400, {{"error", {{"code", "BadRequest"}, {"message", message}}}});
}

json parse(const httplib::Request& req) {
  return json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
}

void live_resources(Cloud& cloud, httplib::Response& res) {
  std::lock_guard lock(cloud.mutex);
  settle_operations(cloud);
  json ids = json::array();
  for (const StoredResource* r : cloud.store.all()) ids.push_back(r->id);
  reply(res, 200, {{"value", ids}});
}

void put_faults(Cloud& cloud, const httplib::Request& req, httplib::Response& res) {
  FaultSettings settings = cloud.faults.settings();
  if (Status s = update_fault_settings(parse(req), settings); !s) return bad_request(res, s.message());
  cloud.faults.set_settings(settings);
  reply(res, 200, fault_settings_json(settings));
}

void put_quotas(Cloud& cloud, const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(cloud.mutex);
  if (Status s = update_quotas(parse(req), cloud.quotas); !s) return bad_request(res, s.message());
  reply(res, 200, quotas_json(cloud.quotas));
}

// GET /_emulator/nodes[?cluster=<ARM id>]: what clients need to reach and trust each node.
void list_nodes(const NodeSupervisor& nodes, const httplib::Request& req, httplib::Response& res) {
  std::string owner = req.get_param_value("cluster");
  if (owner.empty()) owner = req.get_param_value("owner");
  json value = json::array();
  for (const NodeStatus& n : nodes.status()) {
    if (!owner.empty() && resource_key(n.owner_id) != resource_key(owner)) continue;
    json node = {{"nodeId", n.node_id},
                 {"ownerId", n.owner_id},
                 {"index", n.index},
                 {"ipAddress", n.address},
                 {"port", n.port},
                 {"state", n.state},
                 {"hostKey", n.host_key},
                 {"hostKeyFingerprint", n.host_key_fingerprint},
                 {"home", n.home.string()}};
    if (!n.error.empty()) node["error"] = n.error;
    value.push_back(node);
  }
  reply(res, 200, {{"value", value}});
}

// Every scale set's instances with where they answer: SSH through the NAT
// pool, HTTP through the load-balancing rules of their backend pools.
void scale_sets(Cloud& cloud, FrontendServers& frontends, httplib::Response& res) {
  const json served = frontends.describe();
  std::lock_guard lock(cloud.mutex);
  settle_operations(cloud);
  apply_autoscale(cloud);
  json out = json::array();
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kScaleSetType) continue;
    json http = json::array();
    for (const FrontendSpec& f : desired_frontends(cloud))
      for (const ScaleSetIpConfig& c : scale_set_ip_configs(cloud))
        if (c.scale_set == r && refers_to(c.properties.value("loadBalancerBackendAddressPools", json()), f.backend_pool_id))
          http.push_back({{"address", f.address}, {"port", f.port}, {"url", "http://" + f.address + ":" + std::to_string(f.port) + "/"}});
    json instances = json::array();
    for (const InstanceState& i : scale_set_instances(cloud, *r, cloud.now())) {
      const Endpoint ssh = nat_endpoint(cloud, *r, i.id, 22);
      instances.push_back({{"instance_id", i.id},
                           {"name", i.name},
                           {"computer_name", i.computer_name},
                           {"provisioning_state", i.provisioning_state},
                           {"power_state", i.power_state},
                           {"ssh", ssh.port ? json{{"address", ssh.address}, {"port", ssh.port}} : json(nullptr)}});
    }
    out.push_back({{"id", r->id}, {"capacity", r->body["sku"].value("capacity", 0)}, {"instances", instances}, {"http", http}});
  }
  reply(res, 200, {{"value", out}, {"frontends", served}});
}

// PUT {"resource_id": …, "metric": "Percentage CPU", "value": 85}
void put_metric(Cloud& cloud, const httplib::Request& req, httplib::Response& res) {
  const json body = parse(req);
  if (!body.is_object() || !body.value("resource_id", json()).is_string() || !body.value("metric", json()).is_string() ||
      !body.value("value", json()).is_number())
    return bad_request(res, "expected {\"resource_id\": \"…\", \"metric\": \"Percentage CPU\", \"value\": 85}");
  std::lock_guard lock(cloud.mutex);
  set_metric(cloud, body["resource_id"], body["metric"], body["value"].get<double>());
  reply(res, 200, body);
}

}  // namespace

void RequestCounters::count(int status) {
  std::lock_guard lock(mutex);
  ++by_status[status];
}

json RequestCounters::to_json() {
  json statuses = json::object();
  {
    std::lock_guard lock(mutex);
    for (const auto& [status, n] : by_status) statuses[std::to_string(status)] = n;
  }
  return {{"total", total.load()},
          {"by_status", statuses},
          {"connections_accepted", connections_accepted.load()}};
}

bool is_admin_request(const httplib::Request& req) { return req.path.starts_with("/_emulator/"); }

void handle_admin_request(Cloud& cloud, RequestCounters& counters, const NodeSupervisor& nodes,
                          FrontendServers& frontends,
                          const httplib::Request& req, httplib::Response& res) {
  const std::string what = req.path.substr(std::string("/_emulator/").size());
  const std::string& m = req.method;
  if (what == "resources" && (m == "GET" || m == "HEAD")) return live_resources(cloud, res);
  if (what == "reset" && m == "POST") {
    std::lock_guard lock(cloud.mutex);
    cloud.store.clear();
    return reply(res, 200, {{"reset", true}});
  }
  if (what == "faults" && m == "GET") return reply(res, 200, fault_settings_json(cloud.faults.settings()));
  if (what == "faults" && m == "PUT") return put_faults(cloud, req, res);
  if (what == "quotas" && m == "GET") {
    std::lock_guard lock(cloud.mutex);
    return reply(res, 200, quotas_json(cloud.quotas));
  }
  if (what == "quotas" && m == "PUT") return put_quotas(cloud, req, res);
  if (what == "requests" && m == "GET") return reply(res, 200, counters.to_json());
  if (what == "nodes" && m == "GET") return list_nodes(nodes, req, res);
  if (what == "scalesets" && m == "GET") return scale_sets(cloud, frontends, res);
  if (what == "metrics" && m == "PUT") return put_metric(cloud, req, res);
  reply(res, 404,
        {{"error", {{"code", "NotFound"}, {"message", "No emulator endpoint " + m + " " + req.path + "."}}}});
}

}  // namespace forma::emulator
