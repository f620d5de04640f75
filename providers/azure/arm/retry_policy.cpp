#include "providers/azure/arm/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace forma::azure {

bool is_retryable_status(int status) {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::nullopt;  // beyond any sane wait
    return std::chrono::milliseconds(std::stoll(value) * 1000);
  }
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
  return std::max(wait, std::chrono::milliseconds(0));
}

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double jitter,
                                        std::optional<std::chrono::milliseconds> retry_after) {
  double ceiling = static_cast<double>(base.count());
  for (int i = 0; i < retry && ceiling < static_cast<double>(cap.count()); ++i) ceiling *= 2;
  ceiling = std::min(ceiling, static_cast<double>(cap.count()));
  auto delay = std::chrono::milliseconds(static_cast<long long>(ceiling * std::clamp(jitter, 0.0, 1.0)));
  if (retry_after) delay = std::max(delay, *retry_after);
  return delay;
}

}  // namespace forma::azure
