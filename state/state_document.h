// The JSON document of a whole state: what `state pull` prints and
// `state push` reads. Sensitive values appear as stored: sealed
// ({"$enc": ...}) when the state is encrypted, plaintext otherwise.
//
// {"format_version": 1, "lineage": "...", "serial": 3, "encrypted": false,
//  "resources": [{"address", "deposed", "mode", "type", "provider",
//                 "schema_version", "status", "creation_token",
//                 "dependencies", "sensitive_paths", "attributes"}],
//  "outputs": [{"name", "value", "sensitive"}]}
#pragma once

#include <optional>

#include "state/store.h"

namespace forma::state {

json to_document(const StateSnapshot& snapshot);

// Checks the shape (a JSON Schema), the format version, that addresses are
// well formed and unique; nullopt with a message naming the JSON path otherwise.
std::optional<StateSnapshot> from_document(const json& document, Status& status);

}  // namespace forma::state
