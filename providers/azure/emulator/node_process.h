// A command a node runs for an SSH channel or its setup task: /bin/sh (or a
// given program) started in the node's home with an environment of its own,
// either on pipes (stdin, stdout, stderr) or on a pseudo-terminal. The child
// is a session leader so stopping it takes its whole process group; a pidfd
// says when it exits.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace forma::emulator {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is the program's path
  std::filesystem::path cwd;
  std::map<std::string, std::string> environment;  // the whole environment
  bool pty = false;
  unsigned short rows = 24, columns = 80;
  // Without a pty: files to put on stdout/stderr instead of pipes ("" keeps the pipe).
  std::filesystem::path stdout_file, stderr_file;
};

class NodeProcess {
 public:
  NodeProcess() = default;
  ~NodeProcess();  // kills and reaps a child still running, closes every fd
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  Status start(const ProcessSpec& spec);

  // Parent ends; -1 once closed. With a pty, in_fd and out_fd are two
  // descriptors of the master and err_fd is -1.
  int in_fd() const { return in_; }
  int out_fd() const { return out_; }
  int err_fd() const { return err_; }
  int pid_fd() const { return pidfd_; }
  void close_in();
  void close_out();
  void close_err();

  // Reaps the child if it has exited; true once it has.
  bool poll_exit();
  bool exited() const { return exited_; }
  int wait_status() const { return status_; }  // as waitpid gives it
  bool running() const { return pid_ > 0 && !exited_; }

  void signal(int signo);  // to the whole process group
  // SIGHUP, then SIGKILL after grace_ms, then reaps.
  void kill_and_reap(int grace_ms = 200);
  void resize(unsigned short rows, unsigned short columns);

 private:
  pid_t pid_ = -1;
  int pidfd_ = -1, in_ = -1, out_ = -1, err_ = -1;
  bool exited_ = false, pty_ = false;
  int status_ = 0;
};

// Signal names as SSH carries them ("TERM", "KILL"); 0 / "" when unknown.
int signal_number(const std::string& name);
std::string signal_name(int signo);

}  // namespace forma::emulator
