// forma-azure-emulator as a library: a local Azure Resource Manager on
// loopback HTTPS with its own CA, so tests can run it in-process and the
// executable is a thin main() around it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "engine/base/status.h"
#include "providers/azure/emulator/options.h"

namespace forma::emulator {

class Emulator {
 public:
  Emulator();
  ~Emulator();  // stops
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Prepares the data directory (certificates, credentials, state), binds
  // and serves on a background thread. Connections are accepted on return.
  Status start(const Options& options);
  void stop();

  int port() const;
  std::string endpoint() const;            // https://127.0.0.1:PORT
  std::filesystem::path data_dir() const;  // absolute
  std::filesystem::path ca_file() const;   // DIR/ca.pem
  const Options& options() const;          // with client id and secret resolved

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forma::emulator
