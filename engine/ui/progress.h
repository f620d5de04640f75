// Human progress of an apply or destroy, one line per event:
//   test_null.a: Creating...
//   test_null.a: Still creating... [10s elapsed]
//   test_null.a: Creation complete after 2m3s [id=4f1c...]
// On a terminal (`live`) a status line under them, redrawn each poll, names
// what is in flight and for how long; it is erased before every other line,
// so piped output holds only the plain lines.
#pragma once

#include <cstdio>
#include <string>

#include "engine/ui/activity.h"
#include "engine/ui/render.h"

namespace forma::ui {

struct ProgressOptions {
  bool live = false;       // draw the status line (stdout is a terminal)
  int width = 80;          // terminal columns, for the status line
  bool show_refresh = false;
  std::chrono::seconds still_every{10};
};

class ConsoleProgress : public ActivityTracker {
 public:
  ConsoleProgress(std::FILE* out, Style style, const Clock& clock, ProgressOptions options = {});

  void refreshing(const std::string& address, const std::string& id) override;
  // azure_batchai_cluster.nc6 (remote-exec): hello
  // azure_batchai_cluster.nc6 (remote-exec on tvm-1): hello
  void provisioner_output(const std::string& address, const std::string& provisioner, const std::string& node,
                          const std::string& text) override;
  // Erases the status line; call before printing anything after the run.
  void close();

 protected:
  void started(const Activity& a) override;
  void still(const Activity& a, double elapsed) override;
  void finished(const Activity& a, double elapsed, const std::string& id) override;
  void failed(const Activity& a, double elapsed) override;
  void polled() override;

 private:
  void line(const std::string& text);
  void draw_status();
  std::string status_text() const;

  std::FILE* out_;
  Style style_;
  ProgressOptions options_;
  bool status_shown_ = false;
  bool closed_ = false;
};

// The verbs of a change's progress lines.
const char* progress_verb(plan::Action a);   // "Creating"
const char* progress_still(plan::Action a);  // "Still creating"
const char* progress_done(plan::Action a);   // "Creation complete"
const char* progress_error(plan::Action a);  // "Creation errored"
// The columns of the terminal on `fd`, or `fallback` when it has none.
int terminal_width(int fd, int fallback = 80);

}  // namespace forma::ui
