#include "providers/azure/emulator/batchai_nodes.h"

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

constexpr const char* kClusterType = "Microsoft.BatchAI/workspaces/clusters";

std::vector<std::string> id_segments(const std::string& id) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < id.size()) {
    size_t slash = id.find('/', start);
    if (slash == std::string::npos) slash = id.size();
    if (slash > start) out.push_back(id.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// "<group>/<workspace>/<name>" of a Batch AI workspace child, lower case.
fs::path batchai_path(const std::string& id) {
  const std::vector<std::string> s = id_segments(lower_case(id));
  if (s.size() < 10) return fs::path("unknown") / sha256_hex(lower_case(id)).substr(0, 16);
  return fs::path(s[3]) / s[7] / s[9];
}

fs::path data_dir(const Cloud& cloud) { return fs::path(cloud.options.data_dir); }

std::string last_segment(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url.substr(url.rfind('/') + 1);
}

std::vector<NodeMount> mounts_of(const Cloud& cloud, const json& volumes) {
  std::vector<NodeMount> out;
  for (const json& m : volumes.value("azureFileShares", json::array()))
    out.push_back({m.value("relativeMountPath", ""),
                   file_share_directory(cloud, m.value("accountName", ""), last_segment(m.value("azureFileUrl", "")))});
  for (const json& m : volumes.value("azureBlobFileSystems", json::array()))
    out.push_back({m.value("relativeMountPath", ""),
                   blob_container_directory(cloud, m.value("accountName", ""), m.value("containerName", ""))});
  for (const json& m : volumes.value("fileServers", json::array())) {
    fs::path dir = data_dir(cloud) / "shares" / "fileservers" /
                   batchai_path(m.value("fileServer", json::object()).value("id", ""));
    if (const std::string source = m.value("sourceDirectory", ""); !source.empty())
      dir /= fs::path(source).relative_path();
    out.push_back({m.value("relativeMountPath", ""), dir});
  }
  for (const json& m : volumes.value("unmanagedFileSystems", json::array()))  // a local directory stands in
    out.push_back({m.value("relativeMountPath", ""),
                   data_dir(cloud) / "shares" / "unmanaged" / sha256_hex(m.value("mountCommand", "")).substr(0, 16)});
  return out;
}

// "$AZ_BATCHAI_MOUNT_ROOT/afs/logs" on this node.
fs::path expand_mount_root(const std::string& prefix, const fs::path& mount_root) {
  for (const char* var : {"${AZ_BATCHAI_MOUNT_ROOT}", "$AZ_BATCHAI_MOUNT_ROOT"})
    if (prefix.starts_with(var)) return mount_root / fs::path(prefix.substr(std::string(var).size())).relative_path();
  return mount_root / fs::path(prefix).relative_path();
}

NodeSetupTask setup_of(const StoredResource& cluster, const json& task, const DesiredNode& node) {
  NodeSetupTask t;
  t.command_line = task.value("commandLine", "");
  for (const json& v : task.value("environmentVariables", json::array()))
    if (v.is_object()) t.environment[v.value("name", "")] = v.value("value", "");
  const json secrets = cluster.internal.value("setup_secrets", json::object());
  for (const auto& [name, value] : secrets.items()) t.environment[name] = value.get<std::string>();
  t.environment["AZ_BATCHAI_JOB_TEMP"] = t.environment["AZ_BATCHAI_JOB_TEMP_DIR"] = (node.ssh.home / "tmp").string();
  t.output_dir = expand_mount_root(task.value("stdOutErrPathPrefix", ""), node.mount_root) /
                 setup_output_suffix(cluster) / node.ssh.node_id;
  return t;
}

DesiredNode node_of(const Cloud& cloud, const StoredResource& cluster, int index) {
  const json& props = cluster.body["properties"];
  const json user = props.value("userAccountSettings", json::object());
  DesiredNode n;
  n.key = batchai_node_key(cluster, index);
  n.owner_id = cluster.id;
  n.index = index;
  n.ssh.node_id = batchai_node_id(cluster, index);
  n.ssh.address = cluster.internal.value("ip", "127.0.0.1");
  n.ssh.port = 50000 + index;
  n.ssh.user = user.value("adminUserName", "");
  n.ssh.authorized_key = user.value("adminUserSshPublicKey", "");
  n.ssh.password = cluster.internal.value("admin_password", "");
  n.ssh.home = data_dir(cloud) / "nodes" / batchai_path(cluster.id) / n.ssh.node_id;
  n.ssh.host_key_file = n.ssh.home / ".forma" / "ssh_host_ed25519_key";
  n.mount_root = n.ssh.home / "mounts";
  n.ssh.environment["AZ_BATCHAI_MOUNT_ROOT"] = n.mount_root.string();
  n.directories = {n.ssh.home / "tmp"};
  const json setup = props.value("nodeSetup", json::object());
  n.mounts = mounts_of(cloud, setup.value("mountVolumes", json::object()));
  if (setup.contains("setupTask")) n.setup = setup_of(cluster, setup["setupTask"], n);
  return n;
}

}  // namespace

std::string batchai_node_id(const StoredResource& cluster, int index) {
  return "tvm-" + cluster.internal.value("node_tag", "0") + "_" + std::to_string(index + 1) + "-" +
         cluster.internal.value("node_date", "");
}

std::string batchai_node_key(const StoredResource& cluster, int index) {
  return "batchai/" + batchai_path(cluster.id).string() + "/" + batchai_node_id(cluster, index);
}

std::string setup_output_suffix(const StoredResource& cluster) {
  const std::vector<std::string> s = id_segments(cluster.id);
  const std::string h = sha256_hex("setup/" + resource_key(cluster.id));
  const std::string uuid = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
                           "-" + h.substr(20, 12);
  if (s.size() < 10) return uuid;
  return s[1] + "/" + s[3] + "/workspaces/" + s[7] + "/clusters/" + s[9] + "/" + uuid;
}

fs::path file_share_directory(const Cloud& cloud, const std::string& account, const std::string& share) {
  return data_dir(cloud) / "shares" / lower_case(account) / "files" / lower_case(share);
}

fs::path blob_container_directory(const Cloud& cloud, const std::string& account, const std::string& container) {
  return data_dir(cloud) / "shares" / lower_case(account) / "blobs" / lower_case(container);
}

std::vector<DesiredNode> batchai_desired_nodes(const Cloud& cloud, int64_t now) {
  std::vector<DesiredNode> out;
  for (const StoredResource* r : cloud.store.all()) {
    if (lower_case(r->type) != lower_case(kClusterType)) continue;
    const std::string state = r->body["properties"].value("provisioningState", "");
    if (state == "deleting" || state == "failed") continue;
    const ClusterState s = cluster_state(cloud, *r, now);
    for (int i : s.node_indexes) out.push_back(node_of(cloud, *r, i));
  }
  return out;
}

}  // namespace forma::emulator
