// A small libssh2 client for the node SSH server tests: connect, check the
// host key, authenticate, run commands, move files over sftp. Every call is
// bounded by a session timeout.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <libssh/libssh.h>
#include <libssh2.h>
#include <libssh2_sftp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <vector>
#include <memory>
#include <string>
#include <thread>

#include "engine/base/text.h"

namespace forma::emulator::testing {

// A client key pair in OpenSSH files, made with libssh.
struct TestKey {
  std::filesystem::path private_file, public_file;
  std::string public_line;  // "ssh-ed25519 AAAA… test"

  static TestKey make(const std::filesystem::path& dir, const std::string& name) {
    TestKey k;
    std::filesystem::create_directories(dir);
    k.private_file = dir / name;
    k.public_file = dir / (name + ".pub");
    ssh_key key = nullptr;
    ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key);
    ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr, k.private_file.c_str());
    std::filesystem::permissions(k.private_file, std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_write);
    char* b64 = nullptr;
    ssh_pki_export_pubkey_base64(key, &b64);
    k.public_line = std::string("ssh-ed25519 ") + b64 + " test";
    ssh_string_free_char(b64);
    ssh_key_free(key);
    FILE* f = std::fopen(k.public_file.c_str(), "w");
    std::fputs((k.public_line + "\n").c_str(), f);
    std::fclose(f);
    return k;
  }
};

struct ExecResult {
  bool ran = false;  // the channel opened and the command was accepted
  std::string out, err;
  int exit_status = -1;
  std::string exit_signal;
};

class TestSshClient {
 public:
  TestSshClient(const std::string& address, int port) {
    static const int initialized = libssh2_init(0);
    (void)initialized;
    sock_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, address.c_str(), &addr.sin_addr);
    if (::connect(sock_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      connect_errno_ = errno;
      return;
    }
    session_ = libssh2_session_init();
    libssh2_session_set_timeout(session_, 15000);
    handshake_ok_ = libssh2_session_handshake(session_, sock_) == 0;
  }
  ~TestSshClient() {
    if (session_) {
      libssh2_session_disconnect(session_, "bye");
      libssh2_session_free(session_);
    }
    if (sock_ >= 0) ::close(sock_);
  }
  TestSshClient(const TestSshClient&) = delete;
  TestSshClient& operator=(const TestSshClient&) = delete;

  bool connected() const { return handshake_ok_; }
  int connect_errno() const { return connect_errno_; }

  // "ssh-ed25519 AAAA…" as the server presented it.
  std::string host_key_line() const {
    size_t len = 0;
    int type = 0;
    const char* key = libssh2_session_hostkey(session_, &len, &type);
    if (!key) return "";
    return std::string(type == LIBSSH2_HOSTKEY_TYPE_ED25519 ? "ssh-ed25519 " : "other ") +
           base64_encode(std::string_view(key, len));
  }

  bool auth_key(const std::string& user, const TestKey& key) {
    return libssh2_userauth_publickey_fromfile(session_, user.c_str(), key.public_file.c_str(),
                                               key.private_file.c_str(), "") == 0;
  }
  bool auth_password(const std::string& user, const std::string& password) {
    return libssh2_userauth_password(session_, user.c_str(), password.c_str()) == 0;
  }

  ExecResult exec(const std::string& command, const std::string& input = "",
                  const std::map<std::string, std::string>& env = {}) {
    ExecResult r;
    LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(session_);
    if (!ch) return r;
    for (const auto& [k, v] : env) libssh2_channel_setenv(ch, k.c_str(), v.c_str());
    if (libssh2_channel_exec(ch, command.c_str()) != 0) {
      libssh2_channel_free(ch);
      return r;
    }
    r.ran = true;
    if (!input.empty()) libssh2_channel_write(ch, input.data(), input.size());
    libssh2_channel_send_eof(ch);
    finish(ch, r);
    return r;
  }

  // A shell session: optional pty, `input` typed in, then EOF.
  ExecResult shell(const std::string& input, bool pty) {
    ExecResult r;
    LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(session_);
    if (!ch) return r;
    if (pty && libssh2_channel_request_pty(ch, "xterm") != 0) return libssh2_channel_free(ch), r;
    if (libssh2_channel_shell(ch) != 0) return libssh2_channel_free(ch), r;
    r.ran = true;
    libssh2_channel_write(ch, input.data(), input.size());
    if (!pty) libssh2_channel_send_eof(ch);
    finish(ch, r);
    return r;
  }

  LIBSSH2_SESSION* session() const { return session_; }

 private:
  static void read_all(LIBSSH2_CHANNEL* ch, int stream, std::string& out) {
    char buffer[16384];
    for (;;) {
      const ssize_t n = libssh2_channel_read_ex(ch, stream, buffer, sizeof buffer);
      if (n <= 0) return;
      out.append(buffer, static_cast<size_t>(n));
    }
  }
  void finish(LIBSSH2_CHANNEL* ch, ExecResult& r) {
    read_all(ch, 0, r.out);
    read_all(ch, SSH_EXTENDED_DATA_STDERR, r.err);
    libssh2_channel_close(ch);
    libssh2_channel_wait_closed(ch);
    r.exit_status = libssh2_channel_get_exit_status(ch);
    char* sig = nullptr;
    size_t sig_len = 0;
    libssh2_channel_get_exit_signal(ch, &sig, &sig_len, nullptr, nullptr, nullptr, nullptr);
    if (sig) {
      r.exit_signal.assign(sig, sig_len);
      libssh2_free(session_, sig);
    }
    libssh2_channel_free(ch);
  }

  int sock_ = -1;
  int connect_errno_ = 0;
  LIBSSH2_SESSION* session_ = nullptr;
  bool handshake_ok_ = false;
};

// Polls `pred` every 20 ms until it holds or `timeout_ms` passes.
inline bool eventually(const std::function<bool()>& pred, int timeout_ms = 10000) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < give_up) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

// Runs a program with arguments (no shell) under timeout(1), stdin from
// /dev/null; gives its exit code, stdout and stderr together in `output`.
inline int run_program(const std::vector<std::string>& argv, std::string& output, int timeout_s = 30) {
  std::vector<std::string> full = {"/usr/bin/timeout", "-k", "5", std::to_string(timeout_s)};
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (std::string& a : full) args.push_back(a.data());
  args.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) output.append(buffer, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace forma::emulator::testing
