// Runs the real forma binary in a scratch directory, for end-to-end tests.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace forma::e2e {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A fresh directory under the system temp dir, removed on destruction.
class Workspace {
 public:
  Workspace();
  ~Workspace();
  const std::filesystem::path& dir() const { return dir_; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const;
  std::string read(const std::string& name) const;
  bool exists(const std::string& name) const;
  // Runs build/bin/forma with `args` in this directory; `stdin_text` is piped in.
  Result forma(const std::vector<std::string>& args, const std::string& stdin_text = "",
               const std::vector<std::string>& env = {}) const;
  // Runs forma and sends it `signals` (e.g. SIGINT) at the given delays in
  // milliseconds, counted from when `ready` first holds (polled; at most 60 s).
  Result forma_signalled(const std::vector<std::string>& args,
                         const std::vector<std::pair<int, int>>& signals_at_ms,
                         const std::function<bool()>& ready = [] { return true; },
                         const std::vector<std::string>& env = {}) const;
  // Runs another program (found on PATH) in this directory: ssh, ssh-keygen.
  Result program(const std::vector<std::string>& argv) const;

 private:
  // `argv` empty: forma with `args`; else that program, `args` ignored.
  Result run(const std::vector<std::string>& args, const std::string& stdin_text,
             const std::vector<std::string>& env, const std::vector<std::pair<int, int>>& signals_at_ms,
             const std::function<bool()>& ready, const std::vector<std::string>& argv = {}) const;
  std::filesystem::path dir_;
};

// In a forked child: runs build/bin/forma with `args` in `dir`, with
// FORMA_NETWORK=loopback and `env` added; never returns.
[[noreturn]] void exec_forma(const std::filesystem::path& dir, const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

// Rows of the test provider's cloud_db: SELECT ... as strings.
std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql);

// Objects not deleted in the workspace's test cloud (ws.path("cloud.db")).
int live(const Workspace& ws);

// The most calls that overlapped, given [start, start + latency) intervals.
int max_overlap(const std::vector<double>& starts, double latency_seconds);

// A fresh key pair at ws.path(name) and name + ".pub", made by ssh-keygen:
// RSA in PEM by default, or `type` ("ed25519") in OpenSSH's own format. The
// public key line, "" on failure.
std::string make_ssh_key_pair(const Workspace& ws, const std::string& name, const std::string& type = "rsa");

// Copies a directory tree (examples, bad configs) into the workspace.
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace forma::e2e
