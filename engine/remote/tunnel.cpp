#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "engine/remote/ssh_internal.h"

namespace forma::remote {

Tunnel::Tunnel(LIBSSH2_SESSION* bastion, int bastion_fd, LIBSSH2_CHANNEL* channel, int local_fd)
    : bastion_(bastion), bastion_fd_(bastion_fd), channel_(channel), local_fd_(local_fd) {
  thread_ = std::thread([this] { pump(); });
}

Tunnel::~Tunnel() {
  stop_ = true;
  thread_.join();
  auto deadline = Clock::now() + std::chrono::seconds(2);
  while (libssh2_channel_close(channel_) == LIBSSH2_ERROR_EAGAIN && wait_socket(bastion_, bastion_fd_, deadline)) {
  }
  libssh2_channel_free(channel_);
  close(local_fd_);
}

void Tunnel::pump() {
  std::string to_remote;  // read from the local socket, not yet accepted by the channel
  char buf[16384];
  bool local_open = true;
  while (!stop_) {
    bool progressed = false;
    if (local_open && to_remote.size() < sizeof buf) {
      ssize_t n = recv(local_fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        to_remote.append(buf, static_cast<size_t>(n));
        progressed = true;
      } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        local_open = false;
      }
    }
    while (!to_remote.empty()) {
      ssize_t w = libssh2_channel_write(channel_, to_remote.data(), to_remote.size());
      if (w < 0) break;
      to_remote.erase(0, static_cast<size_t>(w));
      progressed = true;
    }
    ssize_t r = libssh2_channel_read(channel_, buf, sizeof buf);
    if (r > 0) {
      // The local side is a socketpair the inner session drains promptly.
      for (ssize_t off = 0; off < r && !stop_;) {
        ssize_t s = send(local_fd_, buf + off, static_cast<size_t>(r - off), MSG_NOSIGNAL);
        if (s > 0) off += s;
        else if (errno == EAGAIN || errno == EWOULDBLOCK) poll(nullptr, 0, 1);
        else return;
      }
      progressed = true;
    } else if ((r < 0 && r != LIBSSH2_ERROR_EAGAIN) || libssh2_channel_eof(channel_)) {
      shutdown(local_fd_, SHUT_WR);  // the inner session sees the connection end
      return;
    }
    if (!local_open && to_remote.empty()) return;
    int next = 0;
    libssh2_keepalive_send(bastion_, &next);
    if (!progressed) {
      pollfd p[2] = {{local_fd_, POLLIN, 0}, {bastion_fd_, POLLIN, 0}};
      poll(p, 2, 100);
    }
  }
}

}  // namespace forma::remote
