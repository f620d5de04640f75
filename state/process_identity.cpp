#include "state/process_identity.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

namespace forma::state {

std::string current_host() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown-host";
  return name;
}

std::string current_user() {
  // Once per process: apply workers ask from many threads, and getpwuid's
  // answer lives in a static buffer (ThreadSanitizer saw the race).
  static const std::string user = [] {
    if (const char* name = std::getenv("USER"); name && *name) return std::string(name);
    passwd entry{};
    passwd* found = nullptr;
    char buffer[4096];
    if (getpwuid_r(getuid(), &entry, buffer, sizeof buffer, &found) == 0 && found) return std::string(found->pw_name);
    return "uid " + std::to_string(getuid());
  }();
  return user;
}

int64_t current_pid() { return static_cast<int64_t>(getpid()); }

bool process_is_running(int64_t pid) {
  if (pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno != ESRCH;  // EPERM: it exists but belongs to someone else
}

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string clock_time_of(const std::string& iso8601) {
  auto t = iso8601.find('T');
  if (t == std::string::npos || iso8601.size() < t + 9) return iso8601;
  return iso8601.substr(t + 1, 8);
}

}  // namespace forma::state
