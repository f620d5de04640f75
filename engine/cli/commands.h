// The verbs of the forma command line. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "engine/cli/session.h"
#include "engine/plan/planner.h"

namespace forma::cli {

struct RunFlags {
  VarOptions vars;
  StateOptions state;
  bool refresh_text_given = false;
  std::string refresh = "true";
  bool refresh_only = false;
  bool destroy = false;
  bool auto_approve = false;
  bool detailed_exitcode = false;
  int parallelism = 10;
  std::vector<std::string> targets, excludes, replace;
  std::string out;        // plan -out
  std::string plan_file;  // apply PLANFILE
  bool input = true;
  bool json = false;      // -json: machine-readable lines on stdout
};

enum class Verb { Plan, Apply, Destroy, Refresh };

int run_verb(Session& s, Verb verb, const RunFlags& flags);
// What a run of this session's configuration, variables, state (if open) and
// providers starts from.
plan::RunInputs run_inputs(Session& s, const plan::RunOptions& options);
int cmd_validate(Session& s, const VarOptions& vars, bool json_output);
int cmd_init(Session& s);
int cmd_show(Session& s, const StateOptions& state, const std::string& plan_file, bool json_output);
int cmd_output(Session& s, const StateOptions& state, const std::string& name, bool json_output, bool raw);
int cmd_graph(Session& s, const std::string& plan_file, const std::string& format);
int cmd_fmt(Session& s, bool check, bool diff, const std::vector<std::string>& paths);
int cmd_version(Session& s, bool json_output);
// The version string of this forma ("0.1.0").
const char* forma_version();

}  // namespace forma::cli
