// One SSH "session" channel of a node's SSH server: its env, pty, exec,
// shell and subsystem requests, the command's I/O carried both ways with
// the client's window respected, and exit-status / exit-signal at the end.
// Driven by its connection's thread only.
#pragma once

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "providers/azure/emulator/node_process.h"
#include "providers/azure/emulator/node_ssh.h"

namespace forma::emulator {

class NodeSftpServer;

class NodeSshChannel {
 public:
  NodeSshChannel(const NodeSshSpec& spec, ssh_session session);
  ~NodeSshChannel();  // stops the command and frees the channel
  NodeSshChannel(const NodeSshChannel&) = delete;
  NodeSshChannel& operator=(const NodeSshChannel&) = delete;

  ssh_channel channel() const { return channel_; }
  // Registers with `event` the descriptors worth polling now and drops the
  // others; advances sftp and finishes an exited command. Called after every poll.
  void step(ssh_event event);
  // Done: closed both ways, nothing left to send.
  bool finished() const;

 private:
  friend struct ChannelCallbacks;
  int on_data(const char* data, uint32_t len);
  void on_eof();
  void on_close();
  int on_pty(const char* term, int width, int height);
  int on_window_change(int width, int height);
  int on_env(const char* name, const char* value);
  int on_exec(const char* command);
  int on_shell();
  int on_subsystem(const char* name);
  void on_signal(const char* name);
  int on_fd(int fd, int revents);

  int start_command(const std::string* command);
  std::map<std::string, std::string> environment() const;
  void pump_stdin();
  void forward_output(int fd, bool is_stderr);
  void finish_command();
  void sync_fd(ssh_event event, int fd, short events, bool wanted);
  void unregister_all();

  const NodeSshSpec& spec_;
  ssh_session session_;
  ssh_channel channel_ = nullptr;
  ssh_channel_callbacks_struct callbacks_{};
  std::map<std::string, std::string> client_env_;
  bool pty_ = false;
  std::string term_ = "xterm";
  int rows_ = 24, columns_ = 80;
  std::unique_ptr<NodeProcess> process_;
  std::string pending_stdin_;
  bool client_eof_ = false, closed_by_client_ = false, done_ = false;
  bool out_eof_ = true, err_eof_ = true;
  std::unique_ptr<NodeSftpServer> sftp_;
  ssh_event event_ = nullptr;
  std::map<int, short> registered_;  // fd -> events, in event_
};

}  // namespace forma::emulator
