// Private to engine/remote: the libssh2 pieces behind ssh_communicator().
#pragma once

#include <libssh2.h>
#include <libssh2_sftp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "engine/remote/communicator.h"

namespace forma::remote {

using Clock = std::chrono::steady_clock;

// A TCP connection attempt's outcome: a socket, or why not and whether the
// node may simply not be up yet (refused, reset, unreachable, timed out).
struct TcpResult {
  int fd = -1;
  bool retryable = false;
  std::string error;
};
TcpResult tcp_connect(const std::string& host, int port, Clock::time_point deadline);

// Waits until libssh2 can make progress on `fd` or `deadline` passes.
bool wait_socket(LIBSSH2_SESSION* session, int fd, Clock::time_point deadline);

// Moves bytes between a local socket and a direct-tcpip channel of the bastion
// session, on its own thread, until either side closes or it is destroyed.
// The bastion session must outlive it and is used by no one else meanwhile.
class Tunnel {
 public:
  Tunnel(LIBSSH2_SESSION* bastion, int bastion_fd, LIBSSH2_CHANNEL* channel, int local_fd);
  ~Tunnel();
  Tunnel(const Tunnel&) = delete;
  Tunnel& operator=(const Tunnel&) = delete;

 private:
  void pump();
  LIBSSH2_SESSION* bastion_;
  int bastion_fd_;
  LIBSSH2_CHANNEL* channel_;
  int local_fd_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// One authenticated libssh2 session on a socket (non-blocking mode).
class SshConnection {
 public:
  SshConnection(int fd, std::string host, int port, std::chrono::milliseconds io_timeout);
  ~SshConnection();
  SshConnection(const SshConnection&) = delete;
  SshConnection& operator=(const SshConnection&) = delete;

  // Handshake. `retryable` is set when the server dropped the connection
  // before the key exchange finished (a node still booting).
  Status handshake(const HostKeyPolicy& policy, int keepalive_seconds, bool& retryable);
  Status verify_host_key(const HostKeyPolicy& policy);
  Status authenticate(const Credentials& c);

  LIBSSH2_SESSION* session() const { return session_; }
  int fd() const { return fd_; }
  const std::string& host_key() const { return host_key_; }
  std::string where() const { return host_ + ":" + std::to_string(port_); }
  Clock::time_point io_deadline() const { return Clock::now() + io_timeout_; }
  // libssh2's last error text ("" when none).
  std::string last_error() const;
 private:
  int fd_;
  std::string host_;
  int port_;
  std::chrono::milliseconds io_timeout_;
  LIBSSH2_SESSION* session_ = nullptr;
  std::string host_key_;
};

// Session on top of a connection (ssh_session.cpp).
std::unique_ptr<Session> make_ssh_session(std::unique_ptr<SshConnection> bastion, std::unique_ptr<Tunnel> tunnel,
                                          std::unique_ptr<SshConnection> connection);

}  // namespace forma::remote
