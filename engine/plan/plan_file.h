// Saved plans (`plan -out FILE`, `apply FILE`, `show FILE`). A plan file
// records what was planned and against which state (lineage and serial) and
// configuration (a hash of its files). It never holds secrets: sensitive
// values are redacted and sensitive variables must be given again at apply.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/plan/plan.h"
#include "engine/plan/planner.h"

namespace forma::plan {

struct PlanFile {
  static constexpr int kFormatVersion = 1;
  Plan plan;                              // changes and outputs, secrets redacted
  std::string config_hash;
  std::map<std::string, json> variables;  // non-sensitive variable values
  std::vector<std::string> sensitive_variables;  // names only
  RunOptions options;                     // refresh, destroy, refresh_only, targets, excludes, replace
  // How the configuration was given when it is not the *.forma.json files
  // (the -template flags), secrets left out; null otherwise.
  json source = nullptr;
};

Status write_plan_file(const std::string& path, const PlanFile& file);
// A clear error for a file that is missing, not a plan, or from a newer forma.
std::optional<PlanFile> read_plan_file(const std::string& path, Status& status);

// A plan as a JSON document (for show -json and for the file), secrets redacted.
json plan_to_json(const Plan& plan);

}  // namespace forma::plan
