#include "providers/azure/emulator/credentials.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/base/text.h"

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

std::string random_secret() {
  unsigned char bytes[30];
  RAND_bytes(bytes, sizeof bytes);
  std::string s = base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;  // shell- and URL-safe
  return s;
}

// Written with mode 0600 from the start, replacing any earlier file.
Status write_private(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::error("cannot write " + path.string());
  ::fchmod(fd, 0600);
  const bool ok =
      ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (ok) fs::rename(temp, path, ec);
  return ok && !ec ? Status::ok() : Status::error("cannot write " + path.string());
}

Status read_or_create(const fs::path& path, std::string& value) {
  std::ifstream in(path);
  if (in && std::getline(in, value) && !value.empty()) return Status::ok();
  value = random_secret();
  return write_private(path, value + "\n");
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// Single quotes for the shell; a quote inside becomes '\''.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Status resolve_credentials(const fs::path& dir, Options& options, std::string& signing_key) {
  if (options.client_id.empty()) options.client_id = env_or("FORMA_EMULATOR_CLIENT_ID", kDefaultClientId);
  if (options.client_secret.empty()) options.client_secret = env_or("FORMA_EMULATOR_CLIENT_SECRET", "");
  if (options.client_secret.empty())
    if (Status s = read_or_create(dir / "client-secret", options.client_secret); !s) return s;
  return read_or_create(dir / "token-signing.key", signing_key);
}

Status write_credentials_env(const fs::path& dir, const std::string& endpoint, const fs::path& ca_file,
                             const Options& options) {
  std::ostringstream out;
  out << "export ARM_ENDPOINT=" << shell_quote(endpoint) << "\n"
      << "export ARM_CA_FILE=" << shell_quote(ca_file.string()) << "\n"
      << "export ARM_TENANT_ID=" << shell_quote(options.tenant_id) << "\n"
      << "export ARM_CLIENT_ID=" << shell_quote(options.client_id) << "\n"
      << "export ARM_CLIENT_SECRET=" << shell_quote(options.client_secret) << "\n"
      << "export ARM_SUBSCRIPTION_ID=" << shell_quote(options.subscription_id) << "\n";
  return write_private(dir / "credentials.env", out.str());
}

}  // namespace forma::emulator
