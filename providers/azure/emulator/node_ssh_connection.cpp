#include "providers/azure/emulator/node_ssh_connection.h"

#include <libssh/callbacks.h>
#include <libssh/server.h>
#include <openssl/crypto.h>
#include <sys/socket.h>

#include <list>
#include <memory>

#include "providers/azure/emulator/node_ssh_channel.h"

namespace forma::emulator {

struct NodeSshConnection::Channels {
  std::list<std::unique_ptr<NodeSshChannel>> list;
};

struct ServerCallbacks {
  static NodeSshConnection* self(void* u) { return static_cast<NodeSshConnection*>(u); }
  static int password(ssh_session, const char* user, const char* password, void* u) {
    return self(u)->auth_password(user, password);
  }
  static int pubkey(ssh_session, const char* user, ssh_key key, char state, void* u) {
    return self(u)->auth_pubkey(user, key, state);
  }
  static ssh_channel session_channel(ssh_session, void* u) { return self(u)->open_session_channel(); }
};

NodeSshConnection::NodeSshConnection(const NodeSshSpec& spec, ssh_key authorized_key, ssh_session session)
    : spec_(spec), authorized_key_(authorized_key), session_(session), channels_(new Channels) {
  fd_ = ssh_get_fd(session_);
}

NodeSshConnection::~NodeSshConnection() {
  delete channels_;  // channels go before their session
  {
    std::lock_guard lock(fd_mutex_);
    fd_ = -1;
  }
  ssh_disconnect(session_);
  ssh_free(session_);
}

void NodeSshConnection::interrupt() {
  stopping_ = true;
  std::lock_guard lock(fd_mutex_);
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

int NodeSshConnection::auth_password(const char* user, const char* password) {
  const std::string given = password ? password : "";
  const bool ok = !spec_.password.empty() && user && spec_.user == user && given.size() == spec_.password.size() &&
                  CRYPTO_memcmp(given.data(), spec_.password.data(), given.size()) == 0;
  if (ok) authenticated_ = true;
  return ok ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
}

int NodeSshConnection::auth_pubkey(const char* user, ssh_key key, char state) {
  if (!authorized_key_ || !user || spec_.user != user ||
      ssh_key_cmp(authorized_key_, key, SSH_KEY_CMP_PUBLIC) != 0)
    return SSH_AUTH_DENIED;
  if (state == SSH_PUBLICKEY_STATE_NONE) return SSH_AUTH_SUCCESS;  // the key is acceptable; sign with it
  if (state != SSH_PUBLICKEY_STATE_VALID) return SSH_AUTH_DENIED;
  authenticated_ = true;
  return SSH_AUTH_SUCCESS;
}

ssh_channel NodeSshConnection::open_session_channel() {
  if (!authenticated_ || stopping_) return nullptr;
  auto channel = std::make_unique<NodeSshChannel>(spec_, session_);
  ssh_channel c = channel->channel();
  if (c) channels_->list.push_back(std::move(channel));
  return c;
}

void NodeSshConnection::run() {
  callbacks_.userdata = this;
  callbacks_.auth_password_function = ServerCallbacks::password;
  callbacks_.auth_pubkey_function = ServerCallbacks::pubkey;
  callbacks_.channel_open_request_session_function = ServerCallbacks::session_channel;
  ssh_callbacks_init(&callbacks_);
  ssh_set_server_callbacks(session_, &callbacks_);
  int methods = SSH_AUTH_METHOD_PUBLICKEY;
  if (!spec_.password.empty()) methods |= SSH_AUTH_METHOD_PASSWORD;
  ssh_set_auth_methods(session_, methods);
  if (!stopping_ && ssh_handle_key_exchange(session_) == SSH_OK) serve();
  channels_->list.clear();
  finished_ = true;
}

void NodeSshConnection::serve() {
  ssh_event event = ssh_event_new();
  if (!event || ssh_event_add_session(event, session_) != SSH_OK) {
    if (event) ssh_event_free(event);
    return;
  }
  while (!stopping_) {
    if (ssh_event_dopoll(event, 1000) == SSH_ERROR) break;
    const int status = ssh_get_status(session_);
    if (status & (SSH_CLOSED | SSH_CLOSED_ERROR)) break;
    auto& list = channels_->list;
    for (auto it = list.begin(); it != list.end();) {
      (*it)->step(event);
      it = (*it)->finished() ? list.erase(it) : std::next(it);
    }
  }
  channels_->list.clear();  // unregisters their descriptors from the event
  ssh_event_remove_session(event, session_);
  ssh_event_free(event);
}

}  // namespace forma::emulator
