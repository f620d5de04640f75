// The libssh2 communicator against what needs no SSH server: nothing
// listening, and a server that is not SSH. (Real servers: ssh_server_test.cpp.)
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "engine/remote/communicator.h"

using namespace forma;
using namespace forma::remote;

namespace {

// A loopback port with nothing listening on it (bound, then closed).
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

ConnectOptions options(int port, std::chrono::milliseconds timeout) {
  ConnectOptions o;
  o.target.host = "127.0.0.1";
  o.target.port = port;
  o.target.credentials.user = "u";
  o.target.credentials.password = "p";
  o.timeout = timeout;
  o.io_timeout = std::chrono::seconds(2);
  return o;
}

// Accepts connections and answers each with an HTTP line, then closes it.
class NotSsh {
 public:
  NotSsh() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 8);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        ++accepted;
        const char reply[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
        (void)!write(c, reply, sizeof reply - 1);
        close(c);
      }
    });
  }
  ~NotSsh() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::atomic<int> accepted{0};

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("a refused connection is retried until the timeout, then reported with host and port") {
  int port = free_port();
  Status st;
  auto s = ssh_communicator()->connect(options(port, std::chrono::milliseconds(700)), st);
  CHECK_FALSE(s);
  CHECK(st.message().find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
  CHECK(st.message().find("refused") != std::string::npos);
  CHECK(st.message().find("retried") != std::string::npos);
}

TEST_CASE("a server that does not speak SSH fails the connection instead of hanging") {
  NotSsh server;
  Status st;
  auto s = ssh_communicator()->connect(options(server.port(), std::chrono::milliseconds(700)), st);
  CHECK_FALSE(s);
  CHECK(st.message().find("127.0.0.1:" + std::to_string(server.port())) != std::string::npos);
  CHECK(server.accepted >= 1);
}
