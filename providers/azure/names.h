// Azure's naming rules, checked in validate() so a bad name fails at plan
// time with the rule spelled out instead of at apply time with a 400.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"

namespace forma::azure {

enum class NameRule {
  ResourceGroup,    // 1-90: letters, digits, _ - . ( ), not ending in .
  StorageAccount,   // 3-24 lowercase letters and digits
  ShareOrContainer, // 3-63 lowercase letters, digits and single hyphens; starts and ends alphanumeric
  BatchAI,          // ^[-\w_]+$, 1-64 (workspaces, clusters, file servers, experiments)
};

// Checks config[key] when it is a known string; `what` names it in messages.
void check_name(const json& config, const char* key, NameRule rule, Diagnostics& diags);

// The rule's failure for `name`, or "" when it passes.
std::string name_problem(const std::string& name, NameRule rule);

}  // namespace forma::azure
