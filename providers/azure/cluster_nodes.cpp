#include "providers/azure/cluster_nodes.h"

#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

// One element of listRemoteLoginInformation's "value" as state.
json node_login(const json& v) {
  json state = v.contains("nodeState") ? v["nodeState"] : v.value("state", json());
  return {{"node_id", v.value("nodeId", "")},
          {"ip_address", v.value("ipAddress", "")},
          {"port", v.value("port", 0)},
          {"state", state.is_string() ? state : json()}};
}

// nextLink is absolute; the client wants the path part, without its api-version.
std::string next_path(const std::string& link) {
  if (link.empty()) return {};
  auto start = link.find("/subscriptions/");
  if (start == std::string::npos) return {};
  std::string path = link.substr(start);
  if (auto q = path.find("api-version="); q != std::string::npos) {
    auto end = path.find('&', q);
    path.erase(q, end == std::string::npos ? std::string::npos : end - q + 1);
    if (!path.empty() && (path.back() == '?' || path.back() == '&')) path.pop_back();
  }
  return path;
}

}  // namespace

ArmResult list_cluster_nodes(ArmClient& client, const std::string& cluster_id, json& nodes) {
  nodes = json::array();
  std::string path = cluster_id + "/listRemoteLoginInformation";
  ArmResult r;
  // The list is paged: follow nextLink until it ends.
  for (int page = 0; page < 1000 && !path.empty(); ++page) {
    r = client.post(path, kBatchAIApi);
    if (!r.ok()) return r;
    for (const auto& v : r.body.value("value", json::array())) nodes.push_back(node_login(v));
    path = next_path(r.body.value("nextLink", ""));
  }
  return r;
}

sdk::Attribute nodes_attribute(const char* description) {
  auto computed = [](const char* type) { return sdk::Attribute{.type = type, .computed = true}; };
  return {.type = "list(object)", .computed = true, .description = description,
          .attributes = {
              {"node_id", computed("string")},
              {"ip_address", computed("string")},
              {"port", computed("number")},
              {"state", computed("string")},
          }};
}

}  // namespace forma::azure
