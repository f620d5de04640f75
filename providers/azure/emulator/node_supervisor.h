// Keeps real nodes in step with the emulated ones: given the list of nodes
// that should exist now (from Batch AI clusters, scale sets or any other
// source), it starts an SSH server, the share links and the setup task of
// each new node, and stops (and forgets) the nodes no longer listed. A node's
// directory keeps its host key and setup outcome, so an emulator restart
// brings the same nodes back without running their setup again.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/azure/emulator/node_ssh.h"

namespace forma::emulator {

struct NodeMount {
  std::string relative_path;        // under the node's mount root
  std::filesystem::path directory;  // the shared directory it links to
};

struct NodeSetupTask {
  std::string command_line;                        // run with bash -c in the node's home
  std::map<std::string, std::string> environment;  // its variables and secrets
  std::filesystem::path output_dir;                // gets stdout.txt and stderr.txt
};

struct DesiredNode {
  std::string key;       // stable and unique across sources, e.g. "batchai/<cluster key>/<node id>"
  std::string owner_id;  // ARM id of the cluster or scale set the node belongs to
  int index = 0;
  NodeSshSpec ssh;  // home, host key file, address, port, user, keys, environment
  std::filesystem::path mount_root;  // where mounts appear ($AZ_BATCHAI_MOUNT_ROOT)
  std::vector<NodeMount> mounts;
  std::optional<NodeSetupTask> setup;
  std::vector<std::filesystem::path> directories;  // made when the node starts (e.g. its temp dir)
};

struct NodeStatus {
  std::string key, owner_id, node_id, address;
  int index = 0, port = 0;
  std::string state;  // "preparing" (setup task running), "idle" or "unusable"
  std::string host_key, host_key_fingerprint;
  std::string error;  // why the SSH server is not serving, "" when it is
  std::filesystem::path home;
};

class NodeSupervisor {
 public:
  NodeSupervisor();
  ~NodeSupervisor();  // stops every node (their directories stay)
  NodeSupervisor(const NodeSupervisor&) = delete;
  NodeSupervisor& operator=(const NodeSupervisor&) = delete;

  // Starts what is new, stops and deletes the directory of what is gone,
  // advances setup tasks. Not thread-safe: one caller at a time.
  void reconcile(const std::vector<DesiredNode>& desired);
  void stop_all();  // shutdown: servers and setup tasks stop, directories stay

  // Thread-safe snapshots.
  std::vector<NodeStatus> status() const;
  std::map<std::string, std::string> states() const;  // key -> state

 private:
  struct Node;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forma::emulator
