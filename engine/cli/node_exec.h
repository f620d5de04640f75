// `forma nodes exec`: one command on many nodes at once, each node's output
// line by line with its id, and which nodes failed.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/apply/connection.h"
#include "engine/remote/communicator.h"

namespace forma::cli {

struct NodeOutcome {
  std::string node_id;
  std::string endpoint;       // host:port
  std::string error;          // "" when the command ran and exited 0
  int exit_status = -1;
  std::string first_use_key;  // the host key trusted on first use, to record
};

using NodeLineSink = std::function<void(const std::string& node_id, remote::Stream, std::string_view line)>;

// Runs `command` on every target in parallel. A node whose key is in
// `recorded` ({"host:port": key}) must present it; one without is trusted on
// first use and its key returned in the outcome.
std::vector<NodeOutcome> exec_on_nodes(remote::Communicator& comm, const apply::Connection& connection,
                                       const std::vector<apply::ConnectionTarget>& targets, const std::string& command,
                                       const json& recorded, const NodeLineSink& sink);

// The host key of one node: the recorded one, or the one it presents now
// (trusted on first use: `first_use` is set). Verified either way.
Status node_host_key(remote::Communicator& comm, const apply::Connection& connection,
                     const apply::ConnectionTarget& target, const json& recorded, std::string& key, bool& first_use);

}  // namespace forma::cli
