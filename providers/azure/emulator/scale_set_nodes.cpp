#include "providers/azure/emulator/scale_set_nodes.h"

#include <sstream>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/batchai_nodes.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/scale_set_instances.h"

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

// ".../resourceGroups/<group>/.../virtualMachineScaleSets/<name>" -> "<group>/<name>", lower case.
fs::path scale_set_path(const StoredResource& scale_set) {
  std::istringstream parts(lower_case(scale_set.id));
  std::vector<std::string> s;
  for (std::string part; std::getline(parts, part, '/');)
    if (!part.empty()) s.push_back(part);
  if (s.size() < 8) return fs::path("unknown") / sha256_hex(lower_case(scale_set.id)).substr(0, 16);
  return fs::path(s[3]) / s[7];
}

// The CustomScript extension's command; protectedSettings win over settings, as in Azure.
std::string custom_script_command(const StoredResource& vmss) {
  const json extensions = vmss.body["properties"]["virtualMachineProfile"]
                              .value("extensionProfile", json::object())
                              .value("extensions", json::array());
  for (const json& e : extensions) {
    const json& p = e.value("properties", json::object());
    if (p.value("type", "") != "CustomScript" && p.value("type", "") != "CustomScriptForLinux") continue;
    const json settings = p.value("settings", json::object());
    const json secret =
        vmss.internal.value("protected_settings", json::object()).value(e.value("name", ""), json::object());
    return secret.value("commandToExecute", settings.value("commandToExecute", ""));
  }
  return "";
}

std::string first_public_key(const json& os) {
  for (const json& key :
       os.value("linuxConfiguration", json::object()).value("ssh", json::object()).value("publicKeys", json::array()))
    if (const std::string data = key.value("keyData", ""); !data.empty()) return data;
  return "";
}

DesiredNode node_of(const Cloud& cloud, const StoredResource& vmss, const InstanceState& instance,
                    const Endpoint& ssh) {
  const json os = vmss.body["properties"]["virtualMachineProfile"].value("osProfile", json::object());
  DesiredNode n;
  n.key = scale_set_node_key(vmss, instance.id);
  n.owner_id = vmss.id;
  n.index = instance.id;
  n.ssh.node_id = instance.name;
  n.ssh.address = ssh.address;
  n.ssh.port = ssh.port;
  n.ssh.user = os.value("adminUsername", "");
  n.ssh.authorized_key = first_public_key(os);
  n.ssh.password = vmss.internal.value("admin_password", "");
  n.ssh.home = fs::path(cloud.options.data_dir) / "nodes" / "scalesets" / scale_set_path(vmss) / instance.name;
  n.ssh.host_key_file = n.ssh.home / ".forma" / "ssh_host_ed25519_key";
  n.mount_root = n.ssh.home;
  const std::string command = custom_script_command(vmss);
  n.mounts = mounts_of_command(cloud, command);
  if (n.mounts.empty() && !command.empty()) {
    NodeSetupTask task;
    task.command_line = command;
    task.output_dir = n.ssh.home / ".forma" / "custom-script";
    n.setup = std::move(task);
  }
  return n;
}

}  // namespace

std::string scale_set_node_key(const StoredResource& scale_set, int instance_id) {
  return "vmss/" + scale_set_path(scale_set).string() + "/" + std::to_string(instance_id);
}

std::vector<NodeMount> mounts_of_command(const Cloud& cloud, const std::string& command) {
  std::istringstream words(command);
  std::vector<std::string> w;
  for (std::string s; words >> s;) w.push_back(s);
  if (w.size() < 7 || w[0] != "bash" || !w[1].ends_with("mountazurefiles.sh")) return {};
  const fs::path share = file_share_directory(cloud, w[2], w[4]);
  return {{fs::path(w[5]).relative_path().string(), share}, {"notebooks/remote", share}};
}

std::vector<DesiredNode> scale_set_desired_nodes(const Cloud& cloud, int64_t now) {
  std::vector<DesiredNode> out;
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kScaleSetType) continue;
    for (const InstanceState& i : scale_set_instances(cloud, *r, now)) {
      if (!i.running()) continue;
      const Endpoint ssh = nat_endpoint(cloud, *r, i.id, 22);
      if (ssh.port == 0) continue;  // no public endpoint, as in Azure
      out.push_back(node_of(cloud, *r, i, ssh));
    }
  }
  return out;
}

}  // namespace forma::emulator
