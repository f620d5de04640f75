#include "engine/ui/progress.h"

#include <sys/ioctl.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/base/text.h"

namespace forma::ui {

namespace {

const char* kEraseLine = "\r\x1b[K";

// "4s", "1m2s": the status line changes once a second, not ten times.
std::string whole_duration(double seconds) {
  double whole = std::floor(seconds);
  return whole < 10 ? std::to_string(static_cast<int>(whole)) + "s" : format_duration(whole);
}

std::string lowercase_first(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

const char* progress_verb(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Creating";
    case plan::Action::Update: return "Modifying";
    case plan::Action::Delete: return "Destroying";
    case plan::Action::Replace: return "Replacing";
    case plan::Action::Read: return "Reading";
    default: return "Working";
  }
}

const char* progress_still(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Still creating";
    case plan::Action::Update: return "Still modifying";
    case plan::Action::Delete: return "Still destroying";
    case plan::Action::Replace: return "Still replacing";
    case plan::Action::Read: return "Still reading";
    default: return "Still working";
  }
}

const char* progress_done(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Creation complete";
    case plan::Action::Update: return "Modifications complete";
    case plan::Action::Delete: return "Destruction complete";
    case plan::Action::Replace: return "Replacement complete";
    case plan::Action::Read: return "Read complete";
    default: return "Complete";
  }
}

const char* progress_error(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Creation errored";
    case plan::Action::Update: return "Modifications errored";
    case plan::Action::Delete: return "Destruction errored";
    case plan::Action::Replace: return "Replacement errored";
    case plan::Action::Read: return "Read errored";
    default: return "Errored";
  }
}

int terminal_width(int fd, int fallback) {
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return fallback;
}

ConsoleProgress::ConsoleProgress(std::FILE* out, Style style, const Clock& clock, ProgressOptions options)
    : ActivityTracker(clock, options.still_every), out_(out), style_(style), options_(options) {}

void ConsoleProgress::line(const std::string& text) {
  std::string s = status_shown_ ? kEraseLine : "";
  status_shown_ = false;
  s += text + "\n";
  std::fputs(s.c_str(), out_);
  draw_status();
  std::fflush(out_);
}

std::string ConsoleProgress::status_text() const {
  std::string text = "In flight (" + std::to_string(in_flight().size()) + "):";
  bool first = true;
  for (const auto& [key, a] : in_flight()) {
    text += std::string(first ? " " : ", ") + key + " (" + lowercase_first(progress_verb(a.change.action)) + " " +
            whole_duration(elapsed(a)) + ")";
    first = false;
  }
  size_t width = static_cast<size_t>(std::max(options_.width - 1, 10));
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text;
}

void ConsoleProgress::draw_status() {
  if (!options_.live || closed_ || in_flight().empty()) return;
  std::fputs((std::string(kEraseLine) + style_.cyan(status_text())).c_str(), out_);
  status_shown_ = true;
}

void ConsoleProgress::polled() {
  if (!options_.live || closed_) return;
  if (in_flight().empty() && status_shown_) {
    std::fputs(kEraseLine, out_);
    status_shown_ = false;
  }
  draw_status();
  std::fflush(out_);
}

void ConsoleProgress::close() {
  std::lock_guard lock(mu_);
  if (status_shown_) std::fputs(kEraseLine, out_);
  status_shown_ = false;
  closed_ = true;
  std::fflush(out_);
}

void ConsoleProgress::refreshing(const std::string& address, const std::string& id) {
  if (!options_.show_refresh) return;
  std::lock_guard lock(mu_);
  line(style_.bold(address + ":") + " Refreshing state..." + (id.empty() ? "" : " [id=" + id + "]"));
}

void ConsoleProgress::started(const Activity& a) {
  line(style_.bold(activity_key(a.change) + ":") + " " + progress_verb(a.change.action) + "...");
}

void ConsoleProgress::still(const Activity& a, double elapsed) {
  line(style_.bold(activity_key(a.change) + ":") + " " + progress_still(a.change.action) + "... [" +
       format_duration(elapsed) + " elapsed]");
}

void ConsoleProgress::finished(const Activity& a, double elapsed, const std::string& id) {
  bool show_id = !id.empty() && a.change.action != plan::Action::Delete;
  line(style_.bold(activity_key(a.change) + ":") + " " + progress_done(a.change.action) + " after " +
       format_duration(elapsed) + (show_id ? " [id=" + id + "]" : ""));
}

void ConsoleProgress::failed(const Activity& a, double elapsed) {
  line(style_.bold(activity_key(a.change) + ":") + " " + style_.red(progress_error(a.change.action)) + " after " +
       format_duration(elapsed));
}

void ConsoleProgress::provisioner_output(const std::string& address, const std::string& provisioner,
                                         const std::string& node, const std::string& text) {
  std::lock_guard lock(mu_);
  line(style_.bold(address) + " (" + provisioner + (node.empty() ? "" : " on " + node) + "): " + text);
}

}  // namespace forma::ui
