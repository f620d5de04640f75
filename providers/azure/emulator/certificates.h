// The emulator's own certificate authority and the server certificate it
// signs (SAN IP:127.0.0.1, DNS:localhost), generated once into the data
// directory and reused on every later start.
#pragma once

#include <filesystem>
#include <string>

#include "engine/base/status.h"

namespace forma::emulator {

struct CertificateFiles {
  std::filesystem::path ca_cert;      // ca.pem: what clients trust
  std::filesystem::path ca_key;       // ca.key, mode 0600
  std::filesystem::path server_cert;  // server.pem
  std::filesystem::path server_key;   // server.key, mode 0600
};

Status ensure_certificates(const std::filesystem::path& dir, CertificateFiles& out);

}  // namespace forma::emulator
