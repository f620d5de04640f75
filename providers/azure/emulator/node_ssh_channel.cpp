#include "providers/azure/emulator/node_ssh_channel.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "providers/azure/emulator/node_sftp.h"

namespace forma::emulator {

// libssh's C callbacks, forwarded to the channel they belong to.
struct ChannelCallbacks {
  static NodeSshChannel* self(void* userdata) { return static_cast<NodeSshChannel*>(userdata); }
  static int data(ssh_session, ssh_channel, void* data, uint32_t len, int, void* u) {
    return self(u)->on_data(static_cast<const char*>(data), len);
  }
  static void eof(ssh_session, ssh_channel, void* u) { self(u)->on_eof(); }
  static void close(ssh_session, ssh_channel, void* u) { self(u)->on_close(); }
  static void signal(ssh_session, ssh_channel, const char* name, void* u) { self(u)->on_signal(name); }
  static int pty(ssh_session, ssh_channel, const char* term, int w, int h, int, int, void* u) {
    return self(u)->on_pty(term, w, h);
  }
  static int window(ssh_session, ssh_channel, int w, int h, int, int, void* u) {
    return self(u)->on_window_change(w, h);
  }
  static int env(ssh_session, ssh_channel, const char* name, const char* value, void* u) {
    return self(u)->on_env(name, value);
  }
  static int exec(ssh_session, ssh_channel, const char* command, void* u) { return self(u)->on_exec(command); }
  static int shell(ssh_session, ssh_channel, void* u) { return self(u)->on_shell(); }
  static int subsystem(ssh_session, ssh_channel, const char* name, void* u) {
    return self(u)->on_subsystem(name);
  }
  static int fd(socket_t fd, int revents, void* u) { return self(u)->on_fd(fd, revents); }
};

NodeSshChannel::NodeSshChannel(const NodeSshSpec& spec, ssh_session session)
    : spec_(spec), session_(session), channel_(ssh_channel_new(session)) {
  callbacks_.userdata = this;
  callbacks_.channel_data_function = ChannelCallbacks::data;
  callbacks_.channel_eof_function = ChannelCallbacks::eof;
  callbacks_.channel_close_function = ChannelCallbacks::close;
  callbacks_.channel_signal_function = ChannelCallbacks::signal;
  callbacks_.channel_pty_request_function = ChannelCallbacks::pty;
  callbacks_.channel_pty_window_change_function = ChannelCallbacks::window;
  callbacks_.channel_env_request_function = ChannelCallbacks::env;
  callbacks_.channel_exec_request_function = ChannelCallbacks::exec;
  callbacks_.channel_shell_request_function = ChannelCallbacks::shell;
  callbacks_.channel_subsystem_request_function = ChannelCallbacks::subsystem;
  ssh_callbacks_init(&callbacks_);
  if (channel_) ssh_set_channel_callbacks(channel_, &callbacks_);
}

NodeSshChannel::~NodeSshChannel() {
  unregister_all();
  sftp_.reset();
  process_.reset();
  if (channel_) {
    ssh_remove_channel_callbacks(channel_, &callbacks_);
    ssh_channel_free(channel_);
  }
}

bool NodeSshChannel::finished() const {
  return !channel_ || (closed_by_client_ && (done_ || !process_)) || ssh_channel_is_closed(channel_);
}

int NodeSshChannel::on_data(const char* data, uint32_t len) {
  if (sftp_) {
    sftp_->buffered(data, len);
    return 0;  // libssh keeps the bytes; the sftp server reads whole packets
  }
  if (!process_ || process_->in_fd() < 0) return static_cast<int>(len);  // nobody reads: drop
  pending_stdin_.append(data, len);
  pump_stdin();
  return static_cast<int>(len);
}

void NodeSshChannel::on_eof() {
  client_eof_ = true;
  if (process_ && pending_stdin_.empty()) process_->close_in();
}

void NodeSshChannel::on_close() {
  closed_by_client_ = true;
  if (process_ && process_->running()) process_->kill_and_reap();
}

int NodeSshChannel::on_pty(const char* term, int width, int height) {
  if (process_ || sftp_) return SSH_ERROR;
  pty_ = true;
  if (term && *term) term_ = term;
  columns_ = width > 0 ? width : 80;
  rows_ = height > 0 ? height : 24;
  return SSH_OK;
}

int NodeSshChannel::on_window_change(int width, int height) {
  columns_ = width;
  rows_ = height;
  if (process_) process_->resize(static_cast<unsigned short>(rows_), static_cast<unsigned short>(columns_));
  return SSH_OK;
}

int NodeSshChannel::on_env(const char* name, const char* value) {
  if (!name || !*name || process_) return SSH_ERROR;
  client_env_[name] = value ? value : "";
  return SSH_OK;
}

int NodeSshChannel::on_exec(const char* command) {
  const std::string c = command ? command : "";
  return start_command(&c);
}

int NodeSshChannel::on_shell() { return start_command(nullptr); }

int NodeSshChannel::on_subsystem(const char* name) {
  if (process_ || sftp_ || std::string(name ? name : "") != "sftp") return SSH_ERROR;
  sftp_ = std::make_unique<NodeSftpServer>(session_, channel_, spec_.home);
  if (!sftp_->ok()) {
    sftp_.reset();
    return SSH_ERROR;
  }
  return SSH_OK;
}

void NodeSshChannel::on_signal(const char* name) {
  if (const int signo = signal_number(name ? name : ""); signo && process_) process_->signal(signo);
}

std::map<std::string, std::string> NodeSshChannel::environment() const {
  std::map<std::string, std::string> env = node_environment(spec_);
  for (const auto& [k, v] : client_env_) env[k] = v;
  if (pty_) env["TERM"] = term_;
  return env;
}

int NodeSshChannel::start_command(const std::string* command) {
  if (process_ || sftp_) return SSH_ERROR;
  ProcessSpec p;
  p.argv = command ? std::vector<std::string>{"/bin/sh", "-c", *command}
           : pty_  ? std::vector<std::string>{"/bin/sh", "-i"}
                   : std::vector<std::string>{"/bin/sh"};
  p.cwd = spec_.home;
  p.environment = environment();
  p.pty = pty_;
  p.rows = static_cast<unsigned short>(rows_);
  p.columns = static_cast<unsigned short>(columns_);
  auto process = std::make_unique<NodeProcess>();
  if (!process->start(p)) return SSH_ERROR;
  process_ = std::move(process);
  out_eof_ = process_->out_fd() < 0;
  err_eof_ = process_->err_fd() < 0;
  if (client_eof_) process_->close_in();
  return SSH_OK;
}

void NodeSshChannel::pump_stdin() {
  if (!process_ || process_->in_fd() < 0) return pending_stdin_.clear();
  while (!pending_stdin_.empty()) {
    const ssize_t n = ::write(process_->in_fd(), pending_stdin_.data(), pending_stdin_.size());
    if (n > 0) {
      pending_stdin_.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0 && errno != EAGAIN) {  // the command closed its stdin
        pending_stdin_.clear();
        process_->close_in();
      }
      return;
    }
  }
  if (client_eof_) process_->close_in();
}

// Reads no more than the client's window allows, so a slow reader slows the command.
void NodeSshChannel::forward_output(int fd, bool is_stderr) {
  char buffer[32768];
  const uint32_t window = ssh_channel_window_size(channel_);
  if (window == 0) return;
  const ssize_t n = ::read(fd, buffer, std::min<size_t>(sizeof buffer, window));
  if (n > 0) {
    const int written = is_stderr ? ssh_channel_write_stderr(channel_, buffer, static_cast<uint32_t>(n))
                                  : ssh_channel_write(channel_, buffer, static_cast<uint32_t>(n));
    if (written == SSH_ERROR) process_->kill_and_reap();
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  (is_stderr ? err_eof_ : out_eof_) = true;  // EOF, or EIO from a pty whose command ended
}

int NodeSshChannel::on_fd(int fd, int revents) {
  if (!process_) return 0;
  if (fd == process_->pid_fd()) {
    process_->poll_exit();
  } else if (fd == process_->in_fd()) {
    if (revents & (POLLERR | POLLHUP)) {
      pending_stdin_.clear();
      process_->close_in();
    } else {
      pump_stdin();
    }
  } else if (fd == process_->out_fd() || fd == process_->err_fd()) {
    forward_output(fd, fd == process_->err_fd());
  }
  return 0;
}

void NodeSshChannel::sync_fd(ssh_event event, int fd, short events, bool wanted) {
  if (fd < 0) return;
  auto it = registered_.find(fd);
  if (wanted && it == registered_.end()) {
    if (ssh_event_add_fd(event, fd, events, ChannelCallbacks::fd, this) == SSH_OK) registered_[fd] = events;
  } else if (!wanted && it != registered_.end()) {
    ssh_event_remove_fd(event, fd);
    registered_.erase(it);
  }
}

void NodeSshChannel::unregister_all() {
  if (event_)
    for (const auto& [fd, events] : registered_) ssh_event_remove_fd(event_, fd);
  registered_.clear();
}

void NodeSshChannel::finish_command() {
  const int status = process_->wait_status();
  if (WIFSIGNALED(status)) {
    ssh_channel_request_send_exit_signal(channel_, signal_name(WTERMSIG(status)).c_str(), WCOREDUMP(status),
                                         "", "");
  } else {
    ssh_channel_request_send_exit_status(channel_, WIFEXITED(status) ? WEXITSTATUS(status) : 255);
  }
  ssh_channel_send_eof(channel_);
  ssh_channel_close(channel_);
  done_ = true;
}

void NodeSshChannel::step(ssh_event event) {
  event_ = event;
  if (sftp_ && !done_ && !sftp_->serve()) {
    ssh_channel_send_eof(channel_);
    ssh_channel_close(channel_);
    done_ = true;
  }
  if (sftp_ && client_eof_ && !done_ && !sftp_->pending()) {
    ssh_channel_send_eof(channel_);
    ssh_channel_close(channel_);
    done_ = true;
  }
  if (!process_) return;
  if (process_->pid_fd() < 0) process_->poll_exit();  // no pidfd: check each turn
  const bool window_open = ssh_channel_window_size(channel_) > 0;
  const int in = process_->in_fd(), out = process_->out_fd(), err = process_->err_fd();
  // A descriptor closed since the last turn leaves the poll set before it is closed for good.
  for (auto it = registered_.begin(); it != registered_.end();) {
    const int fd = it->first;
    const bool live = fd == in || (fd == out && !out_eof_) || (fd == err && !err_eof_) ||
                      (fd == process_->pid_fd() && !process_->exited());
    if (live) {
      ++it;
    } else {
      ssh_event_remove_fd(event, fd);
      it = registered_.erase(it);
    }
  }
  if (out_eof_) process_->close_out();
  if (err_eof_) process_->close_err();
  sync_fd(event, process_->in_fd(), POLLOUT, !pending_stdin_.empty());
  sync_fd(event, process_->out_fd(), POLLIN, !out_eof_ && window_open && !done_);
  sync_fd(event, process_->err_fd(), POLLIN, !err_eof_ && window_open && !done_);
  sync_fd(event, process_->pid_fd(), POLLIN, !process_->exited());
  if (process_->exited() && out_eof_ && err_eof_ && !done_ && !closed_by_client_) finish_command();
}

}  // namespace forma::emulator
