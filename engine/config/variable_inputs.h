// Where variable values come from: FORMA_VAR_ environment variables,
// *.forma.vars.json files, -var-file files and -var flags. Collecting them is
// kept apart from converting and validating them (variables.cpp).
#pragma once

#include <map>
#include <string>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"
#include "engine/config/config.h"

namespace forma::config {

struct VariableInput {
  json value;
  // -var and FORMA_VAR_ give text, read according to the variable's type;
  // files give JSON values, used as written.
  bool is_text = false;
  std::string origin;  // for messages: "-var \"x=...\"", "FORMA_VAR_x", "prod.forma.vars.json:3:9"
  SourceRange range;   // where the value is written, when it is in a file
};

// The winning input for each declared variable that was given a value, by
// increasing precedence: environment, vars files in the directory (sorted),
// -var-file files in order, -var flags in order. Undeclared names in files are
// warnings; an undeclared -var is an error.
std::map<std::string, VariableInput> collect_variable_inputs(const Module& root, const VariableInputs& inputs,
                                                             Diagnostics& diags);

}  // namespace forma::config
