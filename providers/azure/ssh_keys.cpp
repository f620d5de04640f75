#include "providers/azure/ssh_keys.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "engine/base/text.h"

namespace forma::azure {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string s) {
  auto not_space = [](char c) { return c != ' ' && c != '\n' && c != '\r' && c != '\t'; };
  while (!s.empty() && !not_space(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && !not_space(s[start])) ++start;
  return s.substr(start);
}

std::optional<fs::path> ssh_dir(const EnvLookup& env) {
  auto home = env("HOME");
  if (!home || home->empty()) return std::nullopt;
  return fs::path(*home) / ".ssh";
}

// An SSH wire-format string or mpint: a 4-byte big-endian length, then the bytes.
void put_field(std::string& out, const std::string& bytes) {
  uint32_t n = static_cast<uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  out += bytes;
}

std::string mpint(const BIGNUM* bn) {
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
  return bytes;
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};

Status openssh_public_key(EVP_PKEY* key, const std::string& comment, std::string& out) {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) || !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e))
    return Status::error("OpenSSL could not read the new RSA key.");
  std::unique_ptr<BIGNUM, BnFree> n_owner(n), e_owner(e);
  std::string blob;
  put_field(blob, "ssh-rsa");
  put_field(blob, mpint(e));
  put_field(blob, mpint(n));
  out = "ssh-rsa " + base64_encode(blob) + (comment.empty() ? "" : " " + comment);
  return Status::ok();
}

Status private_key_pem(EVP_PKEY* key, std::string& out) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  // The traditional "BEGIN RSA PRIVATE KEY" form, which every ssh client reads.
  if (!bio || !PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr))
    return Status::error("OpenSSL could not encode the new private key.");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  out.assign(data, static_cast<size_t>(len));
  return Status::ok();
}

// Creates `path` with `mode` from the start, so a private key is never readable by others.
Status write_new_file(const fs::path& path, const std::string& content, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::error("Cannot create " + path.string() + ": " + std::strerror(errno) + ".");
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == content.size() && ::fchmod(fd, mode) == 0;
  ::close(fd);
  return ok ? Status::ok() : Status::error("Cannot write " + path.string() + ".");
}

}  // namespace

std::string current_user_name(const EnvLookup& env) {
  for (const char* name : {"LOGNAME", "USER", "LNAME", "USERNAME"})
    if (auto v = env(name); v && !v->empty()) return *v;
  if (auto* pw = ::getpwuid(::getuid())) return pw->pw_name;
  return "azureuser";
}

std::optional<std::string> default_public_key(const EnvLookup& env) {
  auto dir = ssh_dir(env);
  if (!dir) return std::nullopt;
  std::ifstream f(*dir / "id_rsa.pub");
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  std::string key = trim(ss.str());
  if (key.empty()) return std::nullopt;
  return key;
}

Status ensure_ssh_key_pair(const EnvLookup& env, std::string& public_key) {
  // Clusters are created in parallel; one of them makes the pair.
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto existing = default_public_key(env)) {
    public_key = *existing;
    return Status::ok();
  }
  auto dir = ssh_dir(env);
  if (!dir) return Status::error("HOME is not set, so there is no ~/.ssh to keep a generated key pair in.");
  std::error_code ec;
  fs::create_directories(*dir, ec);
  if (ec) return Status::error("Cannot create " + dir->string() + ": " + ec.message() + ".");
  ::chmod(dir->c_str(), 0700);
  if (fs::exists(*dir / "id_rsa"))
    return Status::error(dir->string() + "/id_rsa exists without id_rsa.pub; forma will not overwrite a private key. "
                         "Recreate the public half with `ssh-keygen -y -f ~/.ssh/id_rsa > ~/.ssh/id_rsa.pub`.");
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(2048));
  if (!key) return Status::error("OpenSSL could not generate an RSA key.");
  std::string pem, pub;
  if (Status st = private_key_pem(key.get(), pem); !st) return st;
  if (Status st = openssh_public_key(key.get(), current_user_name(env), pub); !st) return st;
  if (Status st = write_new_file(*dir / "id_rsa", pem, 0600); !st) return st;
  if (Status st = write_new_file(*dir / "id_rsa.pub", pub + "\n", 0644); !st) return st;
  public_key = pub;
  return Status::ok();
}

}  // namespace forma::azure
