// A token bucket per subscription, shared by every ArmClient in the process,
// so parallel resource operations together stay under ARM's request rate.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace forma::azure {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  // The process-wide limiter of `key` (a subscription id); `per_second` <= 0
  // means unlimited. A later caller's rate replaces the earlier one.
  static std::shared_ptr<RateLimiter> shared(const std::string& key, double per_second);

  // Takes a token and says how long the caller must wait before sending.
  // Tokens are reserved in order, so waiters are served first come, first served.
  std::chrono::milliseconds reserve(std::chrono::steady_clock::time_point now);

 private:
  void set_rate(double per_second);

  std::mutex mutex_;
  double per_second_;
  double burst_;
  double tokens_ = 0;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace forma::azure
