#include "engine/ui/json_progress.h"

#include <cmath>

#include "engine/base/text.h"
#include "engine/ui/progress.h"

namespace forma::ui {

namespace {

int whole_seconds(double elapsed) { return static_cast<int>(std::floor(elapsed)); }

}  // namespace

json JsonProgress::hook(const Activity& a) const {
  json h = {{"resource", resource_addr(a.change)}, {"action", json_action(a.change.action)}};
  if (!a.change.deposed.empty()) h["deposed"] = a.change.deposed;
  return h;
}

void JsonProgress::started(const Activity& a) {
  stream_.emit("info", activity_key(a.change) + ": " + progress_verb(a.change.action) + "...", "apply_start",
               {{"hook", hook(a)}});
}

void JsonProgress::still(const Activity& a, double elapsed) {
  json h = hook(a);
  h["elapsed_seconds"] = whole_seconds(elapsed);
  stream_.emit("info",
               activity_key(a.change) + ": " + progress_still(a.change.action) + "... [" + format_duration(elapsed) +
                   " elapsed]",
               "apply_progress", {{"hook", h}});
}

void JsonProgress::finished(const Activity& a, double elapsed, const std::string& id) {
  json h = hook(a);
  h["elapsed_seconds"] = whole_seconds(elapsed);
  bool show_id = !id.empty() && a.change.action != plan::Action::Delete;
  if (show_id) {
    h["id_key"] = "id";
    h["id_value"] = id;
  }
  stream_.emit("info",
               activity_key(a.change) + ": " + progress_done(a.change.action) + " after " + format_duration(elapsed) +
                   (show_id ? " [id=" + id + "]" : ""),
               "apply_complete", {{"hook", h}});
}

void JsonProgress::failed(const Activity& a, double elapsed) {
  json h = hook(a);
  h["elapsed_seconds"] = whole_seconds(elapsed);
  stream_.emit("error",
               activity_key(a.change) + ": " + progress_error(a.change.action) + " after " + format_duration(elapsed),
               "apply_errored", {{"hook", h}});
}

}  // namespace forma::ui
