#include "providers/azure/arm/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace forma::azure {

std::shared_ptr<RateLimiter> RateLimiter::shared(const std::string& key, double per_second) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<RateLimiter>> registry;
  std::lock_guard<std::mutex> lock(mutex);
  auto& limiter = registry[key];
  if (!limiter) {
    limiter = std::make_shared<RateLimiter>(per_second, std::max(1.0, per_second));
  } else {
    limiter->set_rate(per_second);
  }
  return limiter;
}

void RateLimiter::set_rate(double per_second) {
  std::lock_guard<std::mutex> lock(mutex_);
  per_second_ = per_second;
  burst_ = std::max(1.0, per_second);
}

std::chrono::milliseconds RateLimiter::reserve(std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (per_second_ <= 0) return std::chrono::milliseconds(0);
  if (!started_) {
    started_ = true;
    tokens_ = burst_;
    last_ = now;
  }
  if (now > last_) {  // clocks of different callers may disagree; never refill backwards
    tokens_ = std::min(burst_, tokens_ + std::chrono::duration<double>(now - last_).count() * per_second_);
    last_ = now;
  }
  tokens_ -= 1;
  if (tokens_ >= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(-tokens_ / per_second_ * 1000)));
}

}  // namespace forma::azure
