// What a run reports while it works, for live progress output. Called from
// worker threads; implementations must be thread-safe.
#pragma once

#include <string>

#include "engine/plan/plan.h"

namespace forma::plan {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void refreshing(const std::string& /*address*/, const std::string& /*id*/) {}
  virtual void change_started(const ResourceChange& /*change*/) {}
  virtual void change_finished(const ResourceChange& /*change*/, double /*seconds*/,
                               const std::string& /*id*/) {}
  virtual void change_failed(const ResourceChange& /*change*/, double /*seconds*/) {}
  virtual void diagnostic(const Diagnostic& /*d*/) {}
  // One line of a provisioner's output. `node` names the node when the
  // provisioner runs on several ("" for a single host).
  virtual void provisioner_output(const std::string& /*address*/, const std::string& /*provisioner*/,
                                  const std::string& /*node*/, const std::string& /*line*/) {}
};

}  // namespace forma::plan
