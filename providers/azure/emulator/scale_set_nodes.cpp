#include "providers/azure/emulator/scale_set_nodes.h"

#include <sstream>

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

std::vector<NodeMount> mounts_of_command(const std::string& command) {
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

}  // namespace forma::emulator
