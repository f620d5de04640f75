#include "providers/azure/emulator/node_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace forma::emulator {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_flags(int fd) {
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Everything the child needs, built before fork: after it only
// async-signal-safe calls are made.
struct ChildImage {
  std::vector<std::string> env_strings;
  std::vector<char*> argv, envp;
  std::string cwd;

  explicit ChildImage(const ProcessSpec& spec) : cwd(spec.cwd.string()) {
    for (const auto& [name, value] : spec.environment) env_strings.push_back(name + "=" + value);
    for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
  }

  [[noreturn]] void exec() {
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::syscall(SYS_close_range, 3U, ~0U, 0U);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
};

int open_output(const std::filesystem::path& file) {
  return ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

}  // namespace

int signal_number(const std::string& name) {
  for (int s = 1; s < 32; ++s)
    if (const char* n = ::sigabbrev_np(s); n && name == n) return s;
  return 0;
}

std::string signal_name(int signo) {
  const char* n = ::sigabbrev_np(signo);
  return n ? n : "";
}

NodeProcess::~NodeProcess() {
  if (running()) kill_and_reap();
  close_in();
  close_out();
  close_err();
  close_fd(pidfd_);
}

Status NodeProcess::start(const ProcessSpec& spec) {
  ChildImage image(spec);
  if (spec.pty) {
    winsize ws{};
    ws.ws_row = spec.rows;
    ws.ws_col = spec.columns;
    int master = -1;
    pid_ = ::forkpty(&master, nullptr, nullptr, &ws);
    if (pid_ < 0) return Status::error(std::string("cannot open a pseudo-terminal: ") + strerror(errno));
    if (pid_ == 0) image.exec();
    pty_ = true;
    set_flags(master);
    out_ = master;
    in_ = ::fcntl(master, F_DUPFD_CLOEXEC, 0);
  } else {
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    const bool ok = ::pipe2(in, O_CLOEXEC) == 0 &&
                    (spec.stdout_file.empty() ? ::pipe2(out, O_CLOEXEC) == 0
                                              : (out[1] = open_output(spec.stdout_file)) >= 0) &&
                    (spec.stderr_file.empty() ? ::pipe2(err, O_CLOEXEC) == 0
                                              : (err[1] = open_output(spec.stderr_file)) >= 0);
    if (ok) pid_ = ::fork();
    if (!ok || pid_ < 0) {
      const int saved = errno;
      for (int* p : {in, out, err})
        for (int i = 0; i < 2; ++i) close_fd(p[i]);
      return Status::error(std::string("cannot start ") + spec.argv[0] + ": " + strerror(saved));
    }
    if (pid_ == 0) {
      ::setsid();
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      image.exec();
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
    for (int fd : {in_, out_, err_})
      if (fd >= 0) set_flags(fd);
  }
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd_ >= 0) ::fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
  return Status::ok();
}

void NodeProcess::close_in() { close_fd(in_); }
void NodeProcess::close_out() { close_fd(out_); }
void NodeProcess::close_err() { close_fd(err_); }

bool NodeProcess::poll_exit() {
  if (exited_ || pid_ <= 0) return exited_;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    exited_ = true;
    status_ = status;
    close_fd(pidfd_);
  }
  return exited_;
}

void NodeProcess::signal(int signo) {
  if (running()) ::kill(-pid_, signo);
}

void NodeProcess::kill_and_reap(int grace_ms) {
  if (!running()) return;
  ::kill(-pid_, SIGHUP);
  ::kill(pid_, SIGHUP);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (!poll_exit() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  if (exited_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exited_ = true;
  status_ = status;
  close_fd(pidfd_);
}

void NodeProcess::resize(unsigned short rows, unsigned short columns) {
  if (!pty_ || out_ < 0) return;
  winsize ws{};
  ws.ws_row = rows;
  ws.ws_col = columns;
  ::ioctl(out_, TIOCSWINSZ, &ws);
}

}  // namespace forma::emulator
