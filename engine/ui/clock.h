// The clock the UI reads: elapsed times, "Still creating..." every 10 s and
// the @timestamp of JSON lines. A seam, so tests move time by hand.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace forma::ui {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point now() const = 0;
  virtual std::chrono::system_clock::time_point wall() const = 0;
};

class SystemClock : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to.
class ManualClock : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override;
  std::chrono::system_clock::time_point wall() const override;
  void advance(std::chrono::milliseconds by);

 private:
  mutable std::mutex mu_;
  std::chrono::milliseconds offset_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  std::chrono::system_clock::time_point wall_start_ = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01
};

// "2026-01-01T00:00:10.000000Z": RFC 3339 in UTC with microseconds.
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace forma::ui
