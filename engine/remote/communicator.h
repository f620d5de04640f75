// The engine's seam to remote machines: connect to a node over SSH, run
// commands with their output streamed line by line, upload files. The engine
// (provisioners, `forma nodes`) talks only to Communicator/Session, so its
// tests run against a fake; ssh_communicator() is the libssh2 one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"

namespace forma::remote {

// Secrets live only in these fields; nothing here is ever logged or passed to
// a process as an argument.
struct Credentials {
  std::string user;
  std::string password;     // used when no private key is given (or the key is refused)
  std::string private_key;  // PEM or OpenSSH private key text
  std::string passphrase;   // of the private key
};

// Host keys are always verified. `expected` holds OpenSSH public key lines
// ("ssh-ed25519 AAAA... [comment]"); any one of them matching is enough.
// With no expected key the connection is refused unless `trust_on_first_use`
// is set: the key seen is then accepted and returned (Session::host_key) so
// the caller can record it.
struct HostKeyPolicy {
  std::vector<std::string> expected;
  bool trust_on_first_use = false;
};

struct Hop {
  std::string host;
  int port = 22;
  Credentials credentials;
  HostKeyPolicy host_key;
};

struct ConnectOptions {
  Hop target;
  std::optional<Hop> bastion;  // reached first; the target through a direct-tcpip channel
  // How long to keep trying while the node boots (refused or reset
  // connections are retried with backoff until then).
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // Bound on any single network wait once connected (handshake, auth, reads).
  std::chrono::milliseconds io_timeout{std::chrono::seconds(60)};
  int keepalive_seconds = 15;
  // Only verify the host key and return it: no authentication.
  bool host_key_only = false;
};

enum class Stream { Stdout, Stderr };
using LineSink = std::function<void(Stream, std::string_view line)>;

struct ExecResult {
  int exit_status = -1;
  std::string exit_signal;  // "TERM" when killed by a signal, else ""
};

class Session {
 public:
  virtual ~Session() = default;
  // The target's host key as an OpenSSH line "type base64".
  virtual std::string host_key() const = 0;
  // Runs `command`, calling `sink` for each line of stdout and stderr (without
  // the newline) as it arrives. Fails when the channel breaks or `timeout`
  // passes (zero: no limit beyond io_timeout between bytes).
  virtual Status exec(const std::string& command, const LineSink& sink, ExecResult& result,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) = 0;
  // Writes `content` to `remote_path` over SFTP (parent directories created).
  virtual Status upload(const std::string& content, const std::string& remote_path, int mode = 0644) = 0;
  virtual Status make_directory(const std::string& remote_path, int mode = 0755) = 0;
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual std::unique_ptr<Session> connect(const ConnectOptions& options, Status& status) = 0;
};

// The libssh2 communicator.
std::unique_ptr<Communicator> ssh_communicator();

// Uploads a local file, or a directory recursively (as `scp -r`: "dir" goes
// to destination/dir, "dir/" puts its contents in destination), through `s`.
Status upload_path(Session& s, const std::string& local_path, const std::string& remote_path);

}  // namespace forma::remote
