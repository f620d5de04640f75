// A cluster node's SSH server on a loopback address, so `ssh user@ip -p
// 50000` works against the emulator as it does against Azure: publickey and
// password auth for one user, exec / shell (with or without a pty), env
// requests, the sftp subsystem, exit-status and exit-signal. Commands run
// as /bin/sh -c in the node's home with a per-node bin directory first on
// PATH, whose `hostname` prints the node id. Built on libssh's server API;
// one thread accepts, one thread serves each connection.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "engine/base/status.h"

namespace forma::emulator {

struct NodeSshSpec {
  std::string node_id;          // "tvm-…"
  std::string address;          // loopback address to bind, e.g. "127.10.0.1"
  int port = 0;                 // 50000 + index; 0 picks a free port
  std::string user;             // the only user accepted
  std::string authorized_key;   // OpenSSH one-line public key; empty: none
  std::string password;         // empty: password auth refused
  std::filesystem::path home;   // per-node directory: cwd and HOME of commands
  std::filesystem::path host_key_file;  // created (ed25519, 0600) if missing
  std::map<std::string, std::string> environment;  // extra env of every command
  std::filesystem::path bin_dir;  // first on PATH, holds `hostname`; empty: home/.forma/bin
};

class NodeSshServer {
 public:
  explicit NodeSshServer(NodeSshSpec spec);
  ~NodeSshServer();  // stops
  NodeSshServer(const NodeSshServer&) = delete;
  NodeSshServer& operator=(const NodeSshServer&) = delete;

  // Loads or creates the host key, binds and accepts on a background thread.
  Status start();
  // Closes the listener and every connection, stops their commands and joins
  // every thread. Idempotent.
  void stop();

  int port() const;                          // the bound port once started
  std::string host_key_openssh() const;      // "ssh-ed25519 AAAA…"
  std::string host_key_fingerprint() const;  // "SHA256:…"
  const NodeSshSpec& spec() const;
  int open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The environment every command of the node starts with: HOME, USER,
// LOGNAME, SHELL, LANG, PATH (bin_dir first), then spec.environment.
std::map<std::string, std::string> node_environment(const NodeSshSpec& spec);
std::filesystem::path node_bin_dir(const NodeSshSpec& spec);

// Loads the ed25519 host key at `file`, creating it (mode 0600) if missing;
// gives its public key as one OpenSSH line and its SHA256 fingerprint.
Status ensure_host_key(const std::filesystem::path& file, std::string& openssh, std::string& fingerprint);

}  // namespace forma::emulator
