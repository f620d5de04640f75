#include "engine/ui/activity.h"

namespace forma::ui {

std::string activity_key(const plan::ResourceChange& c) {
  return c.address + (c.deposed.empty() ? "" : " (deposed " + c.deposed + ")");
}

ActivityTracker::ActivityTracker(const Clock& clock, std::chrono::seconds every) : clock_(clock), every_(every) {}

double ActivityTracker::elapsed(const Activity& a) const {
  return std::chrono::duration<double>(clock_.now() - a.since).count();
}

void ActivityTracker::change_started(const plan::ResourceChange& c) {
  std::lock_guard lock(mu_);
  Activity a;
  a.change.address = c.address;
  a.change.deposed = c.deposed;
  a.change.mode = c.mode;
  a.change.type = c.type;
  a.change.name = c.name;
  a.change.provider = c.provider;
  a.change.action = c.action;
  a.since = a.last_report = clock_.now();
  auto& stored = in_flight_[activity_key(c)] = std::move(a);
  started(stored);
}

void ActivityTracker::change_finished(const plan::ResourceChange& c, double, const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(activity_key(c));
  if (it == in_flight_.end()) return;
  Activity a = std::move(it->second);
  in_flight_.erase(it);
  finished(a, elapsed(a), id);
}

void ActivityTracker::change_failed(const plan::ResourceChange& c, double) {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(activity_key(c));
  if (it == in_flight_.end()) return;
  Activity a = std::move(it->second);
  in_flight_.erase(it);
  failed(a, elapsed(a));
}

void ActivityTracker::poll() {
  std::lock_guard lock(mu_);
  auto now = clock_.now();
  for (auto& [key, a] : in_flight_) {
    if (now - a.last_report < every_) continue;
    // Whole periods: a late poll reports 20s, not 20.4s, as Terraform does.
    auto periods = (now - a.since) / every_;
    a.last_report = a.since + periods * every_;
    still(a, std::chrono::duration<double>(periods * every_).count());
  }
  polled();
}

Ticker::Ticker(std::function<void()> fn, std::chrono::milliseconds period) {
  thread_ = std::thread([this, fn = std::move(fn), period] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      fn();
      lock.lock();
    }
  });
}

Ticker::~Ticker() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

}  // namespace forma::ui
