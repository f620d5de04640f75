// Commands around the state that are not plan/apply.
#pragma once

#include <string>
#include <vector>

#include "engine/cli/session.h"

namespace forma::cli {

struct StateCommand {
  std::string verb;  // list, show, rm, mv, pull, push, history, taint, untaint, rekey
  std::vector<std::string> args;
  StateOptions state;
  bool force = false;
  std::string new_key_file;
};

int cmd_state(Session& s, const StateCommand& c);
int cmd_force_unlock(Session& s, const StateOptions& state, const std::string& lock_id);
int cmd_import(Session& s, const StateOptions& state, const VarOptions& vars, const std::string& address,
               const std::string& id);
// Every provider's schema as JSON or, with `config_schema`, the editor schema
// of the config language (schemas/forma-config.schema.json).
int cmd_providers_schema(Session& s, bool config_schema);

}  // namespace forma::cli
