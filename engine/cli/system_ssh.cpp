#include "engine/cli/system_ssh.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/remote/host_key.h"

namespace forma::cli {
namespace {

// A directory only this user can enter, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "forma-ssh-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status write_private(const std::string& path, const std::string& content, mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::error("cannot create " + path + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = write(fd, content.data() + off, content.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  close(fd);
  if (off != content.size()) return Status::error("cannot write " + path);
  return Status::ok();
}

}  // namespace

Status run_system_ssh(const SystemSsh& r, int& exit_code) {
  auto key = remote::parse_public_key(r.host_key);
  if (!key) return Status::error("no host key is recorded for " + r.host + ":" + std::to_string(r.port));
  TempDir dir;
  if (dir.path().empty()) return Status::error("cannot create a temporary directory for ssh");
  std::string known_hosts = dir.path() + "/known_hosts";
  if (Status s = write_private(known_hosts, remote::known_hosts_name(r.host, r.port) + " " + key->openssh() + "\n", 0600); !s)
    return s;
  std::vector<std::string> args = {r.program,
                                   "-o", "UserKnownHostsFile=" + known_hosts,
                                   "-o", "GlobalKnownHostsFile=/dev/null",
                                   "-o", "StrictHostKeyChecking=yes",
                                   "-o", "UpdateHostKeys=no",
                                   "-p", std::to_string(r.port)};
  std::string identity = r.identity_file;
  if (!r.private_key.empty()) {
    identity = dir.path() + "/identity";
    if (Status s = write_private(identity, r.private_key, 0600); !s) return s;
  }
  if (!identity.empty()) args.insert(args.end(), {"-i", identity, "-o", "IdentitiesOnly=yes"});
  std::string askpass;
  if (!r.password.empty()) {
    askpass = dir.path() + "/askpass";
    if (Status s = write_private(askpass, "#!/bin/sh\nprintf '%s\\n' \"$FORMA_SSH_PASSWORD\"\n", 0700); !s) return s;
  }
  args.push_back(r.user + "@" + r.host);
  if (!r.command.empty()) {
    args.push_back("--");
    args.insert(args.end(), r.command.begin(), r.command.end());
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int exec_failed[2];  // the child writes errno here when exec fails; closed on exec
  if (pipe2(exec_failed, O_CLOEXEC) != 0) return Status::error(std::string("cannot start ssh: ") + std::strerror(errno));
  pid_t pid = fork();
  if (pid < 0) return Status::error(std::string("cannot start ssh: ") + std::strerror(errno));
  if (pid == 0) {
    if (!askpass.empty()) {
      setenv("FORMA_SSH_PASSWORD", r.password.c_str(), 1);
      setenv("SSH_ASKPASS", askpass.c_str(), 1);
      setenv("SSH_ASKPASS_REQUIRE", "force", 1);
    }
    execvp(argv[0], argv.data());
    int e = errno;
    (void)!write(exec_failed[1], &e, sizeof e);
    _exit(127);
  }
  close(exec_failed[1]);
  int child_errno = 0;
  ssize_t got = 0;
  while ((got = read(exec_failed[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
  }
  close(exec_failed[0]);
  // ssh owns the terminal now: Ctrl-C is for it, not for forma.
  struct sigaction ignore {}, old_int {}, old_quit {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGQUIT, &ignore, &old_quit);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);
  if (got > 0)
    return Status::error("cannot run " + r.program + ": " + std::strerror(child_errno) +
                         " (is the OpenSSH client installed?)");
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return Status::ok();
}

}  // namespace forma::cli
