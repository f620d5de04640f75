#include "providers/azure/emulator/node_ssh.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libssh/server.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <list>
#include <mutex>
#include <sstream>
#include <thread>

#include "providers/azure/emulator/node_ssh_connection.h"

namespace forma::emulator {

// Outside the anonymous namespace: NodeSshServer::Impl holds keys, and GCC
// warns (-Wsubobject-linkage) about a class with members of internal-linkage
// types once this file is part of a unity build.
struct SshKeyDeleter {
  void operator()(ssh_key k) const { ssh_key_free(k); }
};
using KeyPtr = std::unique_ptr<ssh_key_struct, SshKeyDeleter>;

namespace {

namespace fs = std::filesystem;

Status write_private_key(const fs::path& file, ssh_key key) {
  char* text = nullptr;
  if (ssh_pki_export_privkey_base64(key, nullptr, nullptr, nullptr, &text) != SSH_OK || !text)
    return Status::error("cannot encode the host key for " + file.string());
  const std::string body = text;
  ssh_string_free_char(text);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::error("cannot write the host key " + file.string());
  const bool ok = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0)
    return Status::error("cannot write the host key " + file.string());
  return Status::ok();
}

Status load_or_create_key(const fs::path& file, KeyPtr& out) {
  ssh_key key = nullptr;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    if (ssh_pki_import_privkey_file(file.c_str(), nullptr, nullptr, nullptr, &key) != SSH_OK)
      return Status::error("cannot read the host key " + file.string());
    out.reset(key);
    return Status::ok();
  }
  if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK)
    return Status::error("cannot generate a host key for " + file.string());
  out.reset(key);
  return write_private_key(file, key);
}

std::string public_line(ssh_key key) {
  char* b64 = nullptr;
  if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || !b64) return "";
  std::string line = std::string(ssh_key_type_to_char(ssh_key_type(key))) + " " + b64;
  ssh_string_free_char(b64);
  return line;
}

std::string fingerprint_of(ssh_key key) {
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return "";
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  ssh_clean_pubkey_hash(&hash);
  std::string out = text ? text : "";
  ssh_string_free_char(text);
  return out;
}

// "ssh-ed25519 AAAA… comment" -> key; null when it does not parse.
ssh_key parse_authorized_key(const std::string& line) {
  std::istringstream in(line);
  std::string type, b64;
  in >> type >> b64;
  ssh_key key = nullptr;
  if (type.empty() || b64.empty()) return nullptr;
  const ssh_keytypes_e t = ssh_key_type_from_name(type.c_str());
  if (t == SSH_KEYTYPE_UNKNOWN || ssh_pki_import_pubkey_base64(b64.c_str(), t, &key) != SSH_OK) return nullptr;
  return key;
}

Status write_script(const fs::path& file, const std::string& body) {
  {
    std::ofstream out(file, std::ios::trunc);
    out << "#!/bin/sh\n" << body;
    if (!out) return Status::error("cannot write " + file.string());
  }
  std::error_code ec;
  fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec, ec);
  return Status::ok();
}

}  // namespace

fs::path node_bin_dir(const NodeSshSpec& spec) {
  return spec.bin_dir.empty() ? spec.home / ".forma" / "bin" : spec.bin_dir;
}

std::map<std::string, std::string> node_environment(const NodeSshSpec& spec) {
  std::map<std::string, std::string> env = {{"HOME", spec.home.string()},
                                            {"USER", spec.user},
                                            {"LOGNAME", spec.user},
                                            {"SHELL", "/bin/sh"},
                                            {"LANG", "C.UTF-8"},
                                            {"PATH", node_bin_dir(spec).string() + ":/usr/local/bin:/usr/bin:/bin"}};
  for (const auto& [k, v] : spec.environment) env[k] = v;
  return env;
}

Status write_node_bin(const NodeSshSpec& spec) {
  const fs::path bin = node_bin_dir(spec);
  std::error_code ec;
  fs::create_directories(bin, ec);
  if (Status s = write_script(bin / "hostname",
                              "# The emulated node's name, as `hostname` answers on a Batch AI node.\necho '" +
                                  spec.node_id + "'\n");
      !s)
    return s;
  // Emulated nodes stay on loopback: package installs (setup tasks love them) are skipped, not run.
  for (const char* tool : {"pip", "pip3", "conda", "apt", "apt-get", "yum"})
    if (Status s = write_script(bin / tool,
                                "echo \"forma-azure-emulator: $(basename \"$0\") skipped: emulated nodes do not "
                                "reach the internet\" >&2\nexit 0\n");
        !s)
      return s;
  return Status::ok();
}

Status ensure_host_key(const fs::path& file, std::string& openssh, std::string& fingerprint) {
  KeyPtr key;
  if (Status s = load_or_create_key(file, key); !s) return s;
  openssh = public_line(key.get());
  fingerprint = fingerprint_of(key.get());
  return Status::ok();
}

struct NodeSshServer::Impl {
  NodeSshSpec spec;
  KeyPtr host_key, authorized_key;
  std::string host_key_line, host_key_fingerprint;
  ssh_bind bind = nullptr;
  int wake_fd = -1;
  int port = 0;
  std::thread acceptor;
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  struct Running {
    std::unique_ptr<NodeSshConnection> connection;
    std::thread thread;
  };
  std::list<Running> connections;

  Status listen();
  void accept_loop();
  void accept_one();
  void reap(bool all);
};

Status NodeSshServer::Impl::listen() {
  bind = ssh_bind_new();
  if (!bind) return Status::error("cannot create an SSH server for node " + spec.node_id);
  const int verbosity = SSH_LOG_NOLOG;
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity);
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, spec.address.c_str());
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT, &spec.port);
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_HOSTKEY, spec.host_key_file.c_str());
  if (ssh_bind_listen(bind) != SSH_OK)
    return Status::error("node " + spec.node_id + " cannot listen on " + spec.address + ":" +
                         std::to_string(spec.port) + ": " + ssh_get_error(bind));
  const int fd = ssh_bind_get_fd(bind);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) return Status::error("cannot create an eventfd for node " + spec.node_id);
  return Status::ok();
}

void NodeSshServer::Impl::accept_loop() {
  pollfd fds[2] = {{ssh_bind_get_fd(bind), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  while (!stopping) {
    const int n = ::poll(fds, 2, 1000);
    if (n < 0 && errno != EINTR) break;
    if (stopping) break;
    if (n > 0 && (fds[0].revents & POLLIN)) accept_one();
    reap(false);
  }
}

void NodeSshServer::Impl::accept_one() {
  ssh_session session = ssh_new();
  if (!session) return;
  if (ssh_bind_accept(bind, session) != SSH_OK) {
    ssh_free(session);
    return;
  }
  ::fcntl(ssh_get_fd(session), F_SETFD, FD_CLOEXEC);
  std::lock_guard lock(mutex);
  Running& r = connections.emplace_back();
  r.connection = std::make_unique<NodeSshConnection>(spec, authorized_key.get(), session);
  r.thread = std::thread([c = r.connection.get()] { c->run(); });
}

void NodeSshServer::Impl::reap(bool all) {
  std::list<Running> done;
  {
    std::lock_guard lock(mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (all) it->connection->interrupt();
      if (all || it->connection->finished()) {
        done.splice(done.end(), connections, it++);
      } else {
        ++it;
      }
    }
  }
  for (Running& r : done)
    if (r.thread.joinable()) r.thread.join();
}

NodeSshServer::NodeSshServer(NodeSshSpec spec) : impl_(std::make_unique<Impl>()) {
  impl_->spec = std::move(spec);
}

NodeSshServer::~NodeSshServer() { stop(); }

Status NodeSshServer::start() {
  Impl& m = *impl_;
  if (m.bind) return Status::error("the SSH server of node " + m.spec.node_id + " is already started");
  if (Status s = load_or_create_key(m.spec.host_key_file, m.host_key); !s) return s;
  m.host_key_line = public_line(m.host_key.get());
  m.host_key_fingerprint = fingerprint_of(m.host_key.get());
  if (!m.spec.authorized_key.empty()) m.authorized_key.reset(parse_authorized_key(m.spec.authorized_key));
  std::error_code ec;
  fs::create_directories(m.spec.home, ec);
  m.spec.bin_dir = node_bin_dir(m.spec);
  if (Status s = write_node_bin(m.spec); !s) return s;
  if (Status s = m.listen(); !s) {
    stop();
    return s;
  }
  m.acceptor = std::thread([&m] { m.accept_loop(); });
  return Status::ok();
}

void NodeSshServer::stop() {
  Impl& m = *impl_;
  m.stopping = true;
  if (m.wake_fd >= 0) {
    const uint64_t one = 1;
    (void)!::write(m.wake_fd, &one, sizeof one);
  }
  if (m.acceptor.joinable()) m.acceptor.join();
  m.reap(true);
  if (m.bind) ssh_bind_free(m.bind);
  m.bind = nullptr;
  if (m.wake_fd >= 0) ::close(m.wake_fd);
  m.wake_fd = -1;
}

int NodeSshServer::port() const { return impl_->port; }
std::string NodeSshServer::host_key_openssh() const { return impl_->host_key_line; }
std::string NodeSshServer::host_key_fingerprint() const { return impl_->host_key_fingerprint; }
const NodeSshSpec& NodeSshServer::spec() const { return impl_->spec; }
int NodeSshServer::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<int>(impl_->connections.size());
}

}  // namespace forma::emulator
