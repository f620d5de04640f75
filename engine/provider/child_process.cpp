#include "engine/provider/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>

extern char** environ;

namespace forma::provider {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// The inherited environment with `extra` (NAME=VALUE) overriding same-named entries.
std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::set<std::string> overridden;
  for (const auto& e : extra) overridden.insert(e.substr(0, e.find('=')));
  std::vector<std::string> env;
  for (char** p = environ; p && *p; ++p) {
    std::string entry = *p;
    if (!overridden.count(entry.substr(0, entry.find('=')))) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Owns the posix_spawn attribute objects so every exit path releases them.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

Status spawn_child(const std::string& executable, const SpawnOptions& options, ChildProcess& out) {
  if (::access(executable.c_str(), X_OK) != 0)
    return Status::error("cannot run " + executable + ": " + errno_text(errno));
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Status::error("pipe: " + errno_text(errno));
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    int err = errno;
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return Status::error("pipe: " + errno_text(err));
  }
  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out_pipe[1], 1);
  const std::string err_path = options.stderr_path.empty() ? "/dev/null" : options.stderr_path;
  posix_spawn_file_actions_addopen(&setup.actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  // Descriptors opened elsewhere without O_CLOEXEC must not leak into the plugin.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  sigset_t no_blocked;  // the calling thread may block signals; the plugin must not inherit that
  sigemptyset(&no_blocked);
  posix_spawnattr_setsigmask(&setup.attr, &no_blocked);
  posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> env = merged_environment(options.env);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string exe = executable;
  char* argv[] = {exe.data(), nullptr};

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &setup.actions, &setup.attr, argv, envp.data());
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return Status::error("cannot run " + executable + ": " + errno_text(rc));
  }
  out.pid = pid;
  out.stdin_fd = in_pipe[1];
  out.stdout_fd = out_pipe[0];
  return Status::ok();
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

Status write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::error(errno_text(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok();
}

}  // namespace forma::provider
