// The apply hooks of the machine-readable output: apply_start when a change
// begins, apply_progress every 10 s while it runs, then apply_complete or
// apply_errored, each with the resource's address and the action.
#pragma once

#include "engine/ui/activity.h"
#include "engine/ui/json_stream.h"

namespace forma::ui {

class JsonProgress : public ActivityTracker {
 public:
  explicit JsonProgress(JsonStream& stream, std::chrono::seconds every = std::chrono::seconds(10))
      : ActivityTracker(stream.clock(), every), stream_(stream) {}

 protected:
  void started(const Activity& a) override;
  void still(const Activity& a, double elapsed) override;
  void finished(const Activity& a, double elapsed, const std::string& id) override;
  void failed(const Activity& a, double elapsed) override;

 private:
  json hook(const Activity& a) const;
  JsonStream& stream_;
};

}  // namespace forma::ui
