// `forma nodes list|exec|ssh ADDR`: the nodes of a cluster or pool resource.
#pragma once

#include <string>
#include <vector>

#include "engine/cli/session.h"
#include "engine/remote/communicator.h"

namespace forma::cli {

struct NodesCommand {
  std::string verb;  // list, exec, ssh
  std::string address;
  std::string node;  // exec -node, ssh NODE: a node id or index; "" = all (exec) or the first (ssh)
  std::vector<std::string> command;  // exec: after --; ssh: optional remote command
  std::string user, identity_file, password_env;
  StateOptions state;
  VarOptions vars;
};

// `communicator` is the SSH seam (ssh_communicator() in forma).
int cmd_nodes(Session& s, const NodesCommand& c, remote::Communicator& communicator);

}  // namespace forma::cli
