// A child process whose stdin and stdout are pipes held by us; the plugin
// client's only contact with process spawning, so tests can reason about it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "engine/base/status.h"

namespace forma::provider {

struct ChildProcess {
  pid_t pid = -1;
  int stdin_fd = -1;   // we write requests here
  int stdout_fd = -1;  // we read responses here
};

struct SpawnOptions {
  std::vector<std::string> env;  // extra NAME=VALUE, overriding the inherited ones
  std::string stderr_path;       // appended to; "" = /dev/null
};

// Starts `executable` with no arguments. Other file descriptors of this process
// are not inherited, and SIGPIPE is reset to its default in the child.
Status spawn_child(const std::string& executable, const SpawnOptions& options, ChildProcess& out);

// "exit status 3", "killed by signal 9" for a waitpid status.
std::string describe_wait_status(int status);

// Writes all of `data`, retrying on EINTR and short writes. Never raises SIGPIPE:
// the caller must have SIGPIPE ignored (ignore_sigpipe()).
Status write_all(int fd, const std::string& data);

// Ignores SIGPIPE in this process (once), so that a dead plugin is an EPIPE error.
void ignore_sigpipe();

}  // namespace forma::provider
