// Connecting: TCP (directly or through a bastion's direct-tcpip channel),
// handshake, host key verification, authentication. Refused or reset
// connections are retried with backoff until the timeout: nodes boot.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "engine/base/text.h"
#include "engine/remote/ssh_internal.h"

namespace forma::remote {
namespace {

std::string where(const Hop& h) { return h.host + ":" + std::to_string(h.port); }

// Sleeps for the backoff step (250 ms doubling up to 5 s), never past the deadline.
bool back_off(std::chrono::milliseconds& step, Clock::time_point deadline) {
  auto now = Clock::now();
  if (now >= deadline) return false;
  auto wait = std::min<Clock::duration>(step, deadline - now);
  std::this_thread::sleep_for(wait);
  step = std::min(step * 2, std::chrono::milliseconds(5000));
  return true;
}

std::string gave_up(const std::string& error, const ConnectOptions& o) {
  return error + " (retried for " + format_duration(std::chrono::duration<double>(o.timeout).count()) + ")";
}

// A connection to `hop`, handshaken and verified, over a socket from `open_socket`.
template <class OpenSocket>
std::unique_ptr<SshConnection> open_hop(const Hop& hop, const ConnectOptions& o, bool authenticate,
                                        OpenSocket open_socket, Status& status) {
  auto deadline = Clock::now() + o.timeout;
  auto step = std::chrono::milliseconds(250);
  for (;;) {
    TcpResult tcp = open_socket(deadline);
    if (tcp.fd < 0) {
      if (tcp.retryable && back_off(step, deadline)) continue;
      status = Status::error(tcp.retryable ? gave_up(tcp.error, o) : tcp.error);
      return nullptr;
    }
    auto c = std::make_unique<SshConnection>(tcp.fd, hop.host, hop.port, o.io_timeout);
    bool retryable = false;
    status = c->handshake(hop.host_key, o.keepalive_seconds, retryable);
    if (!status) {
      if (retryable && back_off(step, deadline)) continue;
      if (retryable) status = Status::error(gave_up(status.message(), o));
      return nullptr;
    }
    if (authenticate) status = c->authenticate(hop.credentials);
    return status ? std::move(c) : nullptr;
  }
}

// A direct-tcpip channel from the bastion to the target, retried while the target refuses.
LIBSSH2_CHANNEL* open_channel_to(SshConnection& bastion, const Hop& target, const ConnectOptions& o, Status& status) {
  auto deadline = Clock::now() + o.timeout;
  auto step = std::chrono::milliseconds(250);
  for (;;) {
    LIBSSH2_CHANNEL* ch = libssh2_channel_direct_tcpip_ex(bastion.session(), target.host.c_str(), target.port,
                                                          "127.0.0.1", 22);
    if (ch) return ch;
    int e = libssh2_session_last_errno(bastion.session());
    if (e == LIBSSH2_ERROR_EAGAIN) {
      if (wait_socket(bastion.session(), bastion.fd(), deadline)) continue;
    } else if (e == LIBSSH2_ERROR_CHANNEL_FAILURE && back_off(step, deadline)) {
      continue;  // the bastion could not reach the target (yet)
    }
    status = Status::error("the bastion " + bastion.where() + " cannot open a connection to " + where(target) +
                           ": " + bastion.last_error());
    return nullptr;
  }
}

class SshCommunicator : public Communicator {
 public:
  std::unique_ptr<Session> connect(const ConnectOptions& o, Status& status) override {
    if (!o.bastion) {
      auto c = open_hop(o.target, o, !o.host_key_only,
                        [&](Clock::time_point d) { return tcp_connect(o.target.host, o.target.port, d); }, status);
      return c ? make_ssh_session(nullptr, nullptr, std::move(c)) : nullptr;
    }
    auto bastion = open_hop(*o.bastion, o, true,
                            [&](Clock::time_point d) { return tcp_connect(o.bastion->host, o.bastion->port, d); },
                            status);
    if (!bastion) {
      status = Status::error("bastion: " + status.message());
      return nullptr;
    }
    // The bastion session belongs to the tunnel thread once it starts, so
    // the target's handshake is not retried through a new channel.
    LIBSSH2_CHANNEL* ch = open_channel_to(*bastion, o.target, o, status);
    if (!ch) return nullptr;
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      libssh2_channel_free(ch);
      status = Status::error("cannot create a local socket pair for the bastion tunnel");
      return nullptr;
    }
    auto tunnel = std::make_unique<Tunnel>(bastion->session(), bastion->fd(), ch, pair[1]);
    auto c = std::make_unique<SshConnection>(pair[0], o.target.host, o.target.port, o.io_timeout);
    bool retryable = false;
    status = c->handshake(o.target.host_key, o.keepalive_seconds, retryable);
    if (status && !o.host_key_only) status = c->authenticate(o.target.credentials);
    if (!status) {
      c.reset();
      tunnel.reset();
      return nullptr;
    }
    return make_ssh_session(std::move(bastion), std::move(tunnel), std::move(c));
  }
};

}  // namespace

std::unique_ptr<Communicator> ssh_communicator() { return std::make_unique<SshCommunicator>(); }

}  // namespace forma::remote
