// One client connection to a node's SSH server: key exchange, publickey and
// password auth for the configured user only, then an event loop over the
// session's channels until the client leaves or the server stops.
#pragma once

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <atomic>
#include <mutex>

#include "providers/azure/emulator/node_ssh.h"

namespace forma::emulator {

class NodeSshConnection {
 public:
  // Takes ownership of `session`, an accepted connection.
  NodeSshConnection(const NodeSshSpec& spec, ssh_key authorized_key, ssh_session session);
  ~NodeSshConnection();
  NodeSshConnection(const NodeSshConnection&) = delete;
  NodeSshConnection& operator=(const NodeSshConnection&) = delete;

  void run();  // on the connection's own thread
  // From any thread: shuts the socket down so run() returns promptly.
  void interrupt();
  bool finished() const { return finished_; }

 private:
  friend struct ServerCallbacks;
  int auth_password(const char* user, const char* password);
  int auth_pubkey(const char* user, ssh_key key, char state);
  ssh_channel open_session_channel();
  void serve();

  const NodeSshSpec& spec_;
  ssh_key authorized_key_;  // not owned
  ssh_session session_;
  ssh_server_callbacks_struct callbacks_{};  // outlives every use by the session
  std::mutex fd_mutex_;
  int fd_ = -1;
  bool authenticated_ = false;
  std::atomic<bool> stopping_{false}, finished_{false};
  struct Channels;
  Channels* channels_ = nullptr;
};

}  // namespace forma::emulator
