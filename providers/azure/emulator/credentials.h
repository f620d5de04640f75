// The identities the emulator accepts and how clients learn them: the client
// id and secret (flags, FORMA_EMULATOR_CLIENT_ID/SECRET, or a secret generated
// once and kept in the data directory), the token signing key, and
// credentials.env for shells and test harnesses.
#pragma once

#include <filesystem>
#include <string>

#include "engine/base/status.h"
#include "providers/azure/emulator/options.h"

namespace forma::emulator {

// Fills options.client_id and options.client_secret; reads or creates the signing key.
Status resolve_credentials(const std::filesystem::path& dir, Options& options, std::string& signing_key);

// DIR/credentials.env (mode 0600): `export ARM_ENDPOINT='…'` and the rest, one a line.
Status write_credentials_env(const std::filesystem::path& dir, const std::string& endpoint,
                             const std::filesystem::path& ca_file, const Options& options);

}  // namespace forma::emulator
