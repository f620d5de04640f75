#include "engine/ui/clock.h"

#include <ctime>

namespace forma::ui {

std::chrono::steady_clock::time_point ManualClock::now() const {
  std::lock_guard lock(mu_);
  return start_ + offset_;
}

std::chrono::system_clock::time_point ManualClock::wall() const {
  std::lock_guard lock(mu_);
  return wall_start_ + offset_;
}

void ManualClock::advance(std::chrono::milliseconds by) {
  std::lock_guard lock(mu_);
  offset_ += by;
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof buf - n, ".%06lldZ", static_cast<long long>(micros % 1000000));
  return buf;
}

}  // namespace forma::ui
