// The logic of `forma state ...` and taint/untaint. Each function takes an
// open Store and returns the text to print plus a Status. Each command that
// writes is one transaction (it happens whole or not at all) and bumps the
// serial once when it changed anything. Taking the state lock is the
// caller's job (the CLI does it for every command that writes).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "state/store.h"

namespace forma::state {

struct CommandResult {
  Status status;
  std::string output;  // for stdout; empty on error
};

// One address per line, sorted; deposed objects as "ADDR (deposed KEY)".
CommandResult state_list(Store& store, const std::string& address_prefix = "");
// Attributes of every object at ADDR, sensitive ones shown as (sensitive value).
CommandResult state_show(Store& store, const std::string& address);
// ADDR without an instance key removes all its instances; module.m removes
// everything in the module. Any unknown address: nothing is removed.
CommandResult state_rm(Store& store, const std::vector<std::string>& addresses);
// Moves a resource (all instances) or one instance; the destination must not exist.
CommandResult state_mv(Store& store, const std::string& source, const std::string& destination);
// The whole state as one JSON document (see state_document.h), sensitive values as stored.
CommandResult state_pull(Store& store);
// Replaces the whole state with a document from state_pull. Refused when the
// lineage differs or its serial is older than the state's, unless `force`.
CommandResult state_push(Store& store, const std::string& document_text, bool force);
CommandResult state_push_file(Store& store, const std::string& path, bool force);
CommandResult state_history(Store& store, const std::string& address_prefix = "");
CommandResult state_taint(Store& store, const std::string& address);
CommandResult state_untaint(Store& store, const std::string& address);
// Re-encrypts with `new_key` (32 raw bytes); nullopt stores secrets in plaintext.
CommandResult state_rekey(Store& store, const std::optional<std::string>& new_key);

}  // namespace forma::state
