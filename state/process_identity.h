// Facts about this process and the clock, for lock holders and history rows.
#pragma once

#include <cstdint>
#include <string>

namespace forma::state {

std::string current_host();
std::string current_user();
int64_t current_pid();
// False only when the process certainly does not exist (kill(pid, 0) -> ESRCH).
bool process_is_running(int64_t pid);
// "2024-05-01T10:02:11Z"
std::string utc_now_iso8601();
// "10:02:11" from an ISO 8601 time, or the text itself when it is not one.
std::string clock_time_of(const std::string& iso8601);

}  // namespace forma::state
