// The changes of an apply that are in flight, and since when: the common part
// of the human progress lines and the JSON hooks. The executor calls the
// RunObserver methods from worker threads; poll(), called each second by a
// Ticker (or by a test after moving its ManualClock), reports every change
// that has been running another `every` seconds.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <condition_variable>

#include "engine/plan/observer.h"
#include "engine/ui/clock.h"

namespace forma::ui {

class ActivityTracker : public plan::RunObserver {
 public:
  struct Activity {
    plan::ResourceChange change;  // identity and action only; before/after are not kept
    std::chrono::steady_clock::time_point since;
    std::chrono::steady_clock::time_point last_report;
  };

  ActivityTracker(const Clock& clock, std::chrono::seconds every);

  void change_started(const plan::ResourceChange& change) final;
  void change_finished(const plan::ResourceChange& change, double seconds, const std::string& id) final;
  void change_failed(const plan::ResourceChange& change, double seconds) final;
  void poll();

 protected:
  // Called with the tracker's lock held, so one line is written at a time.
  virtual void started(const Activity& a) = 0;
  virtual void still(const Activity& a, double elapsed) = 0;
  virtual void finished(const Activity& a, double elapsed, const std::string& id) = 0;
  virtual void failed(const Activity& a, double elapsed) = 0;
  virtual void polled() {}

  double elapsed(const Activity& a) const;
  const std::map<std::string, Activity>& in_flight() const { return in_flight_; }

  const Clock& clock_;
  std::mutex mu_;

 private:
  std::chrono::seconds every_;
  std::map<std::string, Activity> in_flight_;  // by address (and deposed key)
};

// "test_null.a", or "test_null.a (deposed 1a2b3c4d)".
std::string activity_key(const plan::ResourceChange& c);

// Calls `fn` every `period` on its own thread until destroyed.
class Ticker {
 public:
  Ticker(std::function<void()> fn, std::chrono::milliseconds period);
  ~Ticker();
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace forma::ui
