#include "providers/azure/emulator/scale_set_nodes.h"

#include <sstream>

#include "engine/base/text.h"
#include "providers/azure/emulator/batchai_nodes.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/scale_set_instances.h"

namespace forma::emulator {
namespace {

// The CustomScript extension's command and files; protectedSettings win over settings, as in Azure.
void custom_script(const StoredResource& vmss, ScaleSetNode& node) {
  const json extensions = vmss.body["properties"]["virtualMachineProfile"]
                              .value("extensionProfile", json::object())
                              .value("extensions", json::array());
  for (const json& e : extensions) {
    const json& p = e.value("properties", json::object());
    if (p.value("type", "") != "CustomScript" && p.value("type", "") != "CustomScriptForLinux") continue;
    const json settings = p.value("settings", json::object());
    const json secret = vmss.internal.value("protected_settings", json::object()).value(e.value("name", ""), json::object());
    node.start_command = secret.value("commandToExecute", settings.value("commandToExecute", ""));
    for (const json& uri : secret.value("fileUris", settings.value("fileUris", json::array())))
      if (uri.is_string()) node.file_uris.push_back(uri.get<std::string>());
    return;
  }
}

}  // namespace

std::vector<ShareMount> mounts_of_command(const std::string& command) {
  std::istringstream words(command);
  std::vector<std::string> w;
  for (std::string s; words >> s;) w.push_back(s);
  if (w.size() < 7 || w[0] != "bash" || !w[1].ends_with("mountazurefiles.sh")) return {};
  return {{w[2], w[4], w[3], w[5], "/home/" + w[6] + "/notebooks/remote"}};
}

std::vector<ScaleSetNode> scale_set_nodes(const Cloud& cloud, int64_t now) {
  std::vector<ScaleSetNode> out;
  for (const StoredResource* r : cloud.store.all()) {
    if (r->type != kScaleSetType) continue;
    const json os = r->body["properties"]["virtualMachineProfile"].value("osProfile", json::object());
    for (const InstanceState& i : scale_set_instances(cloud, *r, now)) {
      if (!i.running()) continue;
      ScaleSetNode node;
      node.node_id = i.name;
      node.scale_set_id = r->id;
      node.instance_id = i.id;
      node.computer_name = i.computer_name;
      const Endpoint ssh = nat_endpoint(cloud, *r, i.id, 22);
      node.address = ssh.address;
      node.port = ssh.port;
      node.admin_user = os.value("adminUsername", "");
      for (const json& key : os.value("linuxConfiguration", json::object())
                                 .value("ssh", json::object())
                                 .value("publicKeys", json::array()))
        node.public_keys.push_back(key.value("keyData", ""));
      node.password = r->internal.value("admin_password", "");
      custom_script(*r, node);
      node.mounts = mounts_of_command(node.start_command);
      out.push_back(std::move(node));
    }
  }
  return out;
}

std::vector<DesiredNode> scale_set_desired_nodes(const Cloud& cloud, int64_t now) {
  std::vector<DesiredNode> out;
  const std::filesystem::path root = std::filesystem::path(cloud.options.data_dir) / "nodes" / "vmss";
  for (const ScaleSetNode& node : scale_set_nodes(cloud, now)) {
    if (node.address.empty()) continue;  // not behind a NAT pool: nothing to reach
    DesiredNode n;
    n.key = "vmss/" + resource_key(node.scale_set_id) + "/" + std::to_string(node.instance_id);
    n.owner_id = node.scale_set_id;
    n.index = node.instance_id;
    n.ssh.node_id = node.node_id;
    n.ssh.address = node.address;
    n.ssh.port = node.port;
    n.ssh.user = node.admin_user;
    n.ssh.authorized_key = node.public_keys.empty() ? "" : node.public_keys.front();
    n.ssh.password = node.password;
    const size_t at = node.scale_set_id.find("/resourceGroups/");
    const std::string group = at == std::string::npos ? "" : node.scale_set_id.substr(at + 16, node.scale_set_id.find('/', at + 16) - at - 16);
    n.ssh.home = root / lower_case(group) / lower_case(node.scale_set_id.substr(node.scale_set_id.rfind('/') + 1)) / node.node_id;
    n.ssh.host_key_file = n.ssh.home / ".forma" / "ssh_host_ed25519_key";
    n.mount_root = n.ssh.home;
    for (const ShareMount& m : node.mounts)
      n.mounts.push_back({"notebooks/remote", file_share_directory(cloud, m.account, m.share)});
    if (!node.start_command.empty() && node.mounts.empty())
      n.setup = NodeSetupTask{node.start_command, {}, n.ssh.home / ".forma" / "customscript"};
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace forma::emulator
