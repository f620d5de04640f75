// A `connection` block (Terraform's arguments: type, host, port, user,
// password, private_key, host_key, timeout, bastion_*) turned into what the
// communicator needs, and the hosts it names: `host`, or when the block has
// none, every node in the object's `nodes` attribute.
#pragma once

#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"
#include "engine/remote/communicator.h"

namespace forma::apply {

struct ConnectionTarget {
  std::string node_id;  // "" when the connection names a host
  std::string host;
  int port = 22;
  std::string endpoint() const { return host + ":" + std::to_string(port); }
};

struct Connection {
  remote::ConnectOptions options;  // target credentials, bastion, timeouts; target host/port unset
  std::vector<ConnectionTarget> targets;
  std::vector<std::string> host_keys;  // configured (host_key or known_hosts_file); empty: recorded or first use
  std::string known_hosts_text;        // contents of known_hosts_file, looked up per target
  bool bastion_host_key_configured = false;
  std::string script_path = "/tmp/forma_%RAND%.sh";
};

// `connection` is the evaluated block; `self` the object's attributes.
// Errors name the argument ("connection.port must be a number"). Without a
// host, the targets are self's `nodes`: none when that list is empty.
Status parse_connection(const json& connection, const json& self, Connection& out);

// Node descriptions from a `nodes` attribute: [{node_id, ip_address, port, state}].
std::vector<ConnectionTarget> targets_of_nodes(const json& nodes);

// Expected keys for one target: the configured ones, else those recorded in
// `recorded` ({"host:port": "ssh-ed25519 ..."}). Sets trust_on_first_use
// when there are none and `first_use` allows it.
remote::HostKeyPolicy host_key_policy(const Connection& c, const std::string& host, int port, const json& recorded,
                                      bool first_use);

}  // namespace forma::apply
