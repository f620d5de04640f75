// Helpers for tests that start plugins: a scratch directory and fake plugins
// written as shell scripts that answer the handshake and then misbehave.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace forma::provider::testing {

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/forma-provider-test-XXXXXX";
    path_ = ::mkdtemp(tmpl) ? tmpl : "/tmp";
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A plugin that answers the handshake, reads one request and then runs `then`
// (shell). $id holds the id of that request.
inline std::string write_fake_plugin(const ScratchDir& dir, const std::string& name, const std::string& then) {
  std::string path = dir.file("forma-provider-" + name);
  std::ofstream out(path);
  out << "#!/bin/sh\n"
         "read -r line\n"
         "id=$(printf '%s' \"$line\" | sed 's/.*\"id\":\\([0-9]*\\).*/\\1/')\n"
         "printf '{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":{\"protocol_version\":1,\"name\":\"fake\"}}\\n' \"$id\"\n"
         "read -r line\n"
         "id=$(printf '%s' \"$line\" | sed 's/.*\"id\":\\([0-9]*\\).*/\\1/')\n"
      << then << "\n";
  out.close();
  ::chmod(path.c_str(), 0755);
  return path;
}

inline std::string test_provider_path() { return std::string(FORMA_BIN_DIR) + "/forma-provider-test"; }

}  // namespace forma::provider::testing
