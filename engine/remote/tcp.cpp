#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/remote/ssh_internal.h"

namespace forma::remote {
namespace {

bool retryable_errno(int e) {
  return e == ECONNREFUSED || e == ECONNRESET || e == ETIMEDOUT || e == EHOSTUNREACH || e == ENETUNREACH ||
         e == ECONNABORTED || e == EAGAIN;
}

int remaining_ms(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

TcpResult failed(int e, const std::string& where) {
  return TcpResult{-1, retryable_errno(e), "cannot connect to " + where + ": " + std::strerror(e)};
}

}  // namespace

TcpResult tcp_connect(const std::string& host, int port, Clock::time_point deadline) {
  std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return TcpResult{-1, rc == EAI_AGAIN, "cannot resolve " + host + ": " + gai_strerror(rc)};
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return failed(errno, where);
  if (connect(fd, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    return failed(e, where);
  }
  pollfd p{fd, POLLOUT, 0};
  int ready = poll(&p, 1, remaining_ms(deadline));
  int err = 0;
  socklen_t len = sizeof err;
  if (ready <= 0) err = ready == 0 ? ETIMEDOUT : errno;
  else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) {
    close(fd);
    return failed(err, where);
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return TcpResult{fd, false, ""};
}

bool wait_socket(LIBSSH2_SESSION* session, int fd, Clock::time_point deadline) {
  int dir = libssh2_session_block_directions(session);
  short events = 0;
  if (dir & LIBSSH2_SESSION_BLOCK_INBOUND) events |= POLLIN;
  if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND) events |= POLLOUT;
  if (events == 0) events = POLLIN;
  int wait = remaining_ms(deadline);
  if (wait == 0 && Clock::now() >= deadline) return false;
  pollfd p{fd, events, 0};
  // Wake at least once a second so callers can send keepalives and check stop flags.
  poll(&p, 1, wait > 1000 ? 1000 : wait);
  return Clock::now() < deadline || (p.revents != 0);
}

}  // namespace forma::remote
