#include "engine/ui/progress.h"

#include "engine/base/text.h"

namespace forma::ui {

namespace {

const char* verb(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Creating";
    case plan::Action::Update: return "Modifying";
    case plan::Action::Delete: return "Destroying";
    case plan::Action::Replace: return "Replacing";
    default: return "Working";
  }
}

const char* still(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Still creating";
    case plan::Action::Update: return "Still modifying";
    case plan::Action::Delete: return "Still destroying";
    case plan::Action::Replace: return "Still replacing";
    default: return "Still working";
  }
}

const char* done(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Creation complete";
    case plan::Action::Update: return "Modifications complete";
    case plan::Action::Delete: return "Destruction complete";
    case plan::Action::Replace: return "Replacement complete";
    default: return "Complete";
  }
}

std::string key_of(const plan::ResourceChange& c) { return c.address + (c.deposed.empty() ? "" : " (deposed " + c.deposed + ")"); }

}  // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, Style style, bool show_refresh, int still_every_seconds)
    : out_(out), style_(style), show_refresh_(show_refresh), every_(still_every_seconds) {
  ticker_ = std::thread([this] { tick(); });
}

ConsoleProgress::~ConsoleProgress() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  ticker_.join();
}

void ConsoleProgress::line(const std::string& text) {
  std::fputs((text + "\n").c_str(), out_);
  std::fflush(out_);
}

void ConsoleProgress::refreshing(const std::string& address, const std::string& id) {
  if (!show_refresh_) return;
  std::lock_guard lock(mu_);
  line(style_.bold(address + ":") + " Refreshing state..." + (id.empty() ? "" : " [id=" + id + "]"));
}

void ConsoleProgress::change_started(const plan::ResourceChange& c) {
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  in_flight_[key_of(c)] = InFlight{c.action, now, now};
  line(style_.bold(key_of(c) + ":") + " " + verb(c.action) + "...");
}

void ConsoleProgress::change_finished(const plan::ResourceChange& c, double seconds, const std::string& id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key_of(c));
  line(style_.bold(key_of(c) + ":") + " " + done(c.action) + " after " + format_duration(seconds) +
       (id.empty() || c.action == plan::Action::Delete ? "" : " [id=" + id + "]"));
}

void ConsoleProgress::change_failed(const plan::ResourceChange& c, double) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key_of(c));
}

void ConsoleProgress::provisioner_output(const std::string& address, const std::string& provisioner,
                                         const std::string& node, const std::string& text) {
  std::lock_guard lock(mu_);
  line(style_.bold(address) + " (" + provisioner + (node.empty() ? "" : " on " + node) + "): " + text);
}

void ConsoleProgress::tick() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::seconds(1));
    auto now = std::chrono::steady_clock::now();
    for (auto& [address, f] : in_flight_) {
      if (now - f.last_report < every_) continue;
      f.last_report = now;
      auto elapsed = std::chrono::duration<double>(now - f.since).count();
      line(style_.bold(address + ":") + " " + still(f.action) + "... [" + format_duration(elapsed) + " elapsed]");
    }
  }
}

}  // namespace forma::ui
