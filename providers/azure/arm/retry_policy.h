// When a failed ARM call is worth another try, and how long to wait first:
// exponential backoff with full jitter, capped, but never less than the
// server's Retry-After.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace forma::azure {

// 408, 429, 500, 502, 503, 504.
bool is_retryable_status(int status);

// Retry-After as delta-seconds ("30") or an HTTP date ("Wed, 21 Oct 2015
// 07:28:00 GMT", relative to `now`); nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

// The wait before retry number `retry` (0 for the first): a `jitter` fraction
// (0..1) of min(cap, base * 2^retry), raised to `retry_after` when given.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double jitter,
                                        std::optional<std::chrono::milliseconds> retry_after);

}  // namespace forma::azure
