// One `forma` run of the benchmarks: wall time, peak RSS and exit code, with
// its output discarded. FORMA_BENCH_BIN_DIR is set by bench/CMakeLists.txt.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace forma::bench {

struct FormaRun {
  double seconds = 0;
  double rss_mb = 0;
  int exit_code = -1;
};

inline FormaRun run_forma(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::string exe = std::string(FORMA_BENCH_BIN_DIR) + "/forma";
  std::fflush(stdout);  // or the child's freopen would print our buffered lines again
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    if (!freopen("/dev/null", "w", stdout)) _exit(127);
    std::vector<char*> argv{const_cast<char*>(exe.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  FormaRun r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace forma::bench
