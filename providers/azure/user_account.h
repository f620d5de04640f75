// The admin account of cluster and file server nodes: the `user` block, its
// CLI defaults (login name, ~/.ssh/id_rsa.pub, generated keys) and its ARM
// form, userAccountSettings.
#pragma once

#include "engine/base/diagnostic.h"
#include "providers/azure/azure_context.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

// The `user` block (optional and computed, force_new) and generate_ssh_keys.
sdk::Attribute user_block_attribute();
sdk::Attribute generate_ssh_keys_attribute();

// A password, a key, generate_ssh_keys or ~/.ssh/id_rsa.pub must give a way in.
// `other_source` (a config file with userAccountSettings) also counts.
void check_user(const json& config, const EnvLookup& env, bool other_source, Diagnostics& diags);

// Fills user.name and user.ssh_public_key of a planned state the way the CLI
// defaults them when `config` leaves them out; a key still to be generated
// stays unknown.
void plan_user(json& planned, const json& config, const EnvLookup& env);

// At apply: generates the key pair an unknown ssh_public_key waits for.
Diagnostics resolve_user(json& planned, const EnvLookup& env);

// {"adminUserName", "adminUserSshPublicKey", "adminUserPassword"} of those set.
json user_account_settings(const json& user);

// The user block after a GET: Azure's name and key (it never returns the
// password), keeping what forma knows where Azure says the same.
json observed_user(const json& known_user, const json& settings);

}  // namespace forma::azure
