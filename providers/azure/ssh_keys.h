// The admin account defaults the CLI applies: the current login name, the
// key in ~/.ssh/id_rsa.pub, and --generate-ssh-keys, which creates an RSA
// key pair there when there is none.
#pragma once

#include <optional>
#include <string>

#include "engine/base/status.h"
#include "providers/azure/azure_context.h"

namespace forma::azure {

// LOGNAME, USER, LNAME or USERNAME, else the passwd entry (Python's getpass.getuser()).
std::string current_user_name(const EnvLookup& env);

// $HOME/.ssh/id_rsa.pub, without surrounding whitespace, if it exists.
std::optional<std::string> default_public_key(const EnvLookup& env);

// The public key of $HOME/.ssh/id_rsa.pub; when there is no such file,
// creates a 2048-bit RSA pair (id_rsa mode 0600, id_rsa.pub) first.
Status ensure_ssh_key_pair(const EnvLookup& env, std::string& public_key);

}  // namespace forma::azure
