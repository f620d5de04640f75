// Session over libssh2: exec with both output streams read as they arrive,
// and SFTP uploads.
#include <sys/stat.h>

#include "engine/remote/ssh_internal.h"

namespace forma::remote {
namespace {

// Splits a byte stream into lines for the sink; the last partial line is
// delivered at the end.
class LineBuffer {
 public:
  LineBuffer(Stream stream, const LineSink& sink) : stream_(stream), sink_(sink) {}
  void add(const char* data, size_t n) {
    pending_.append(data, n);
    size_t start = 0;
    for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) emit(start, nl);
    pending_.erase(0, start);
  }
  void finish() {
    if (!pending_.empty()) emit(0, pending_.size());
    pending_.clear();
  }

 private:
  void emit(size_t from, size_t to) {
    size_t end = to > from && pending_[to - 1] == '\r' ? to - 1 : to;
    if (sink_) sink_(stream_, std::string_view(pending_).substr(from, end - from));
  }
  Stream stream_;
  const LineSink& sink_;
  std::string pending_;
};

std::string parent_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? std::string() : path.substr(0, slash);
}

class SshSession : public Session {
 public:
  SshSession(std::unique_ptr<SshConnection> bastion, std::unique_ptr<Tunnel> tunnel,
             std::unique_ptr<SshConnection> connection)
      : bastion_(std::move(bastion)), tunnel_(std::move(tunnel)), c_(std::move(connection)) {}
  ~SshSession() override {
    if (sftp_) {
      auto deadline = c_->io_deadline();
      while (libssh2_sftp_shutdown(sftp_) == LIBSSH2_ERROR_EAGAIN && wait_socket(c_->session(), c_->fd(), deadline)) {
      }
    }
  }

  std::string host_key() const override { return c_->host_key(); }

  Status exec(const std::string& command, const LineSink& sink, ExecResult& result,
              std::chrono::milliseconds timeout) override;
  Status upload(const std::string& content, const std::string& remote_path, int mode) override;
  Status make_directory(const std::string& remote_path, int mode) override;

 private:
  template <class F>
  int until_done(F f, Clock::time_point deadline) {
    for (;;) {
      int rc = f();
      if (rc != LIBSSH2_ERROR_EAGAIN) return rc;
      if (!wait_socket(c_->session(), c_->fd(), deadline)) return LIBSSH2_ERROR_TIMEOUT;
    }
  }
  LIBSSH2_CHANNEL* open_channel();
  Status start_sftp();
  Status failure(const std::string& what) { return Status::error(what + " on " + c_->where() + ": " + c_->last_error()); }

  // Destroyed in reverse: the session first, then the tunnel, then the bastion.
  std::unique_ptr<SshConnection> bastion_;
  std::unique_ptr<Tunnel> tunnel_;
  std::unique_ptr<SshConnection> c_;
  LIBSSH2_SFTP* sftp_ = nullptr;
};

LIBSSH2_CHANNEL* SshSession::open_channel() {
  auto deadline = c_->io_deadline();
  for (;;) {
    LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(c_->session());
    if (ch) return ch;
    if (libssh2_session_last_errno(c_->session()) != LIBSSH2_ERROR_EAGAIN) return nullptr;
    if (!wait_socket(c_->session(), c_->fd(), deadline)) return nullptr;
  }
}

Status SshSession::exec(const std::string& command, const LineSink& sink, ExecResult& result,
                        std::chrono::milliseconds timeout) {
  LIBSSH2_CHANNEL* ch = open_channel();
  if (!ch) return failure("cannot open a channel");
  std::unique_ptr<LIBSSH2_CHANNEL, decltype(&libssh2_channel_free)> guard(ch, libssh2_channel_free);
  if (until_done([&] { return libssh2_channel_exec(ch, command.c_str()); }, c_->io_deadline()) != 0)
    return failure("cannot start a command");
  auto deadline = timeout.count() > 0 ? Clock::now() + timeout : Clock::time_point::max();
  LineBuffer out(Stream::Stdout, sink), err(Stream::Stderr, sink);
  char buf[8192];
  for (;;) {
    bool progressed = false;
    for (int stream : {0, SSH_EXTENDED_DATA_STDERR}) {
      ssize_t n = libssh2_channel_read_ex(ch, stream, buf, sizeof buf);
      if (n > 0) {
        (stream == 0 ? out : err).add(buf, static_cast<size_t>(n));
        progressed = true;
      } else if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
        return failure("the connection broke while running a command");
      }
    }
    if (progressed) continue;
    if (libssh2_channel_eof(ch)) break;
    if (Clock::now() >= deadline) return Status::error("the command on " + c_->where() + " timed out");
    int next = 0;
    if (libssh2_keepalive_send(c_->session(), &next) != 0) return failure("the connection broke while running a command");
    wait_socket(c_->session(), c_->fd(), std::min(deadline, Clock::now() + std::chrono::seconds(1)));
  }
  out.finish();
  err.finish();
  if (until_done([&] { return libssh2_channel_close(ch); }, c_->io_deadline()) != 0 ||
      until_done([&] { return libssh2_channel_wait_closed(ch); }, c_->io_deadline()) != 0)
    return failure("the command did not finish cleanly");
  result.exit_status = libssh2_channel_get_exit_status(ch);
  char* signal = nullptr;
  libssh2_channel_get_exit_signal(ch, &signal, nullptr, nullptr, nullptr, nullptr, nullptr);
  result.exit_signal = signal ? signal : "";
  if (signal) libssh2_free(c_->session(), signal);
  return Status::ok();
}

Status SshSession::start_sftp() {
  if (sftp_) return Status::ok();
  auto deadline = c_->io_deadline();
  for (;;) {
    sftp_ = libssh2_sftp_init(c_->session());
    if (sftp_) return Status::ok();
    if (libssh2_session_last_errno(c_->session()) != LIBSSH2_ERROR_EAGAIN || !wait_socket(c_->session(), c_->fd(), deadline))
      return failure("cannot start SFTP");
  }
}

Status SshSession::make_directory(const std::string& path, int mode) {
  if (Status s = start_sftp(); !s) return s;
  // mkdir -p: each missing parent, from the top; existing ones are fine.
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') continue;
    std::string dir = path.substr(0, pos);
    LIBSSH2_SFTP_ATTRIBUTES attrs{};
    int rc = until_done([&] { return libssh2_sftp_stat_ex(sftp_, dir.data(), static_cast<unsigned>(dir.size()), LIBSSH2_SFTP_STAT, &attrs); },
                        c_->io_deadline());
    if (rc == 0) continue;
    rc = until_done([&] { return libssh2_sftp_mkdir_ex(sftp_, dir.data(), static_cast<unsigned>(dir.size()), mode); },
                    c_->io_deadline());
    if (rc != 0) return Status::error("cannot create directory " + dir + " on " + c_->where());
  }
  return Status::ok();
}

Status SshSession::upload(const std::string& content, const std::string& remote_path, int mode) {
  if (Status s = start_sftp(); !s) return s;
  if (std::string parent = parent_of(remote_path); !parent.empty())
    if (Status s = make_directory(parent, 0755); !s) return s;
  LIBSSH2_SFTP_HANDLE* h = nullptr;
  auto deadline = c_->io_deadline();
  for (;;) {
    h = libssh2_sftp_open_ex(sftp_, remote_path.data(), static_cast<unsigned>(remote_path.size()),
                             LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC, mode, LIBSSH2_SFTP_OPENFILE);
    if (h) break;
    if (libssh2_session_last_errno(c_->session()) != LIBSSH2_ERROR_EAGAIN || !wait_socket(c_->session(), c_->fd(), deadline))
      return Status::error("cannot open " + remote_path + " for writing on " + c_->where());
  }
  Status status;
  for (size_t off = 0; off < content.size();) {
    ssize_t n = libssh2_sftp_write(h, content.data() + off, content.size() - off);
    if (n > 0) {
      off += static_cast<size_t>(n);
      deadline = c_->io_deadline();
    } else if (n != LIBSSH2_ERROR_EAGAIN || !wait_socket(c_->session(), c_->fd(), deadline)) {
      status = Status::error("writing " + remote_path + " on " + c_->where() + " failed");
      break;
    }
  }
  if (until_done([&] { return libssh2_sftp_close_handle(h); }, c_->io_deadline()) != 0 && status)
    status = Status::error("writing " + remote_path + " on " + c_->where() + " failed when closing it");
  return status;
}

}  // namespace

std::unique_ptr<Session> make_ssh_session(std::unique_ptr<SshConnection> bastion, std::unique_ptr<Tunnel> tunnel,
                                          std::unique_ptr<SshConnection> connection) {
  return std::make_unique<SshSession>(std::move(bastion), std::move(tunnel), std::move(connection));
}

}  // namespace forma::remote
