// `forma nodes ssh`: the system's ssh client, pointed at one node with a
// temporary known_hosts file holding the node's recorded host key. A private
// key from the configuration goes to a 0600 temporary file, a password to
// ssh through SSH_ASKPASS and the environment: neither ever appears in the
// process arguments. The temporary files are removed when ssh exits.
#pragma once

#include <string>
#include <vector>

#include "engine/base/status.h"

namespace forma::cli {

struct SystemSsh {
  std::string host;
  int port = 22;
  std::string user;
  std::string host_key;       // OpenSSH line, required
  std::string private_key;    // key text, written to a temporary IdentityFile
  std::string identity_file;  // or a key file given by the user, used as is
  std::string password;       // given to ssh by SSH_ASKPASS
  std::vector<std::string> command;  // run instead of a login shell
  std::string program = "ssh";       // FORMA_SSH overrides it (tests)
};

// Runs ssh and waits for it; `exit_code` is ssh's.
Status run_system_ssh(const SystemSsh& request, int& exit_code);

}  // namespace forma::cli
