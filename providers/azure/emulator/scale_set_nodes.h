// The scale-set instances that should be reachable now, as the emulator's
// node servers need them: one entry per running instance with its SSH NAT
// endpoint, admin account, Azure Files mounts and the CustomScript command
// it runs at start. This is the feed of the node SSH supervisor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"
#include "providers/azure/emulator/node_supervisor.h"

namespace forma::emulator {

struct ShareMount {
  std::string account;      // storage account name
  std::string share;        // Azure Files share
  std::string key;          // account key (secret)
  std::string mount_point;  // e.g. /datamnt/dsvmshare
  std::string link;         // e.g. /home/{user}/notebooks/remote, "" when none
};

struct ScaleSetNode {
  std::string node_id;  // {scale set}_{instance id}, the instance's name
  std::string scale_set_id;
  int instance_id = 0;
  std::string computer_name;
  std::string address;  // the public IP's loopback address ("" when not behind a NAT pool)
  int port = 0;         // frontendPortRangeStart + instance id
  std::string admin_user;
  std::vector<std::string> public_keys;  // OpenSSH public keys
  std::string password;                  // "" when none (never logged)
  std::vector<ShareMount> mounts;
  std::string start_command;  // the CustomScript extension's commandToExecute, "" when none
  std::vector<std::string> file_uris;
};

// Running instances of every scale set at `now`, in id order.
std::vector<ScaleSetNode> scale_set_nodes(const Cloud& cloud, int64_t now);

// The same as the node supervisor's nodes (node_sources.cpp): home under
// DIR/nodes/vmss/<group>/<scale set>/<instance>, the share linked as
// $HOME/notebooks/remote (what the DSVM mount script makes; the script itself
// is not run), any other CustomScript command run as the node's setup.
std::vector<DesiredNode> scale_set_desired_nodes(const Cloud& cloud, int64_t now);

// The mounts a DSVM mount command ("bash mountazurefiles.sh ACCOUNT KEY SHARE MOUNTPOINT USER") makes.
std::vector<ShareMount> mounts_of_command(const std::string& command);

}  // namespace forma::emulator
