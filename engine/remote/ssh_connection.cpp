#include <unistd.h>

#include <mutex>
#include <sstream>

#include "engine/remote/host_key.h"
#include "engine/remote/ssh_internal.h"

namespace forma::remote {
namespace {

void init_libssh2() {
  static std::once_flag once;
  std::call_once(once, [] { libssh2_init(0); });
}

// The host key algorithms to offer first, so a server with several keys
// presents the kind that is expected.
std::string preferred_algorithms(const std::vector<std::string>& expected) {
  std::string out;
  auto add = [&](const std::string& a) {
    if (out.find(a) == std::string::npos) out += (out.empty() ? "" : ",") + a;
  };
  for (const auto& line : expected) {
    auto key = parse_public_key(line);
    if (!key) continue;
    if (key->type == "ssh-rsa") {
      add("rsa-sha2-512");
      add("rsa-sha2-256");
    }
    add(key->type);
  }
  return out;
}

// The names of `wanted` (comma-separated) this libssh2 knows. libssh2 1.10's
// method_pref drops unknown names with an overlapping memcpy (undefined; ASan
// stops on it), so it is only ever given names it knows.
std::string supported_only(LIBSSH2_SESSION* session, const std::string& wanted) {
  const char** known = nullptr;
  const int n = libssh2_session_supported_algs(session, LIBSSH2_METHOD_HOSTKEY, &known);
  if (n <= 0) return "";
  std::string out;
  std::istringstream names(wanted);
  for (std::string name; std::getline(names, name, ',');)
    for (int i = 0; i < n; ++i)
      if (name == known[i]) {
        out += (out.empty() ? "" : ",") + name;
        break;
      }
  libssh2_free(session, known);
  return out;
}

template <class F>
int until_done(SshConnection& c, F f) {
  auto deadline = c.io_deadline();
  for (;;) {
    int rc = f();
    if (rc != LIBSSH2_ERROR_EAGAIN) return rc;
    if (!wait_socket(c.session(), c.fd(), deadline)) return LIBSSH2_ERROR_TIMEOUT;
  }
}

}  // namespace

SshConnection::SshConnection(int fd, std::string host, int port, std::chrono::milliseconds io_timeout)
    : fd_(fd), host_(std::move(host)), port_(port), io_timeout_(io_timeout) {
  init_libssh2();
  session_ = libssh2_session_init();
  if (session_) libssh2_session_set_blocking(session_, 0);
}

SshConnection::~SshConnection() {
  if (session_) {
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (libssh2_session_disconnect(session_, "bye") == LIBSSH2_ERROR_EAGAIN && wait_socket(session_, fd_, deadline)) {
    }
    libssh2_session_free(session_);
  }
  if (fd_ >= 0) close(fd_);
}

std::string SshConnection::last_error() const {
  if (!session_) return "out of memory";
  char* msg = nullptr;
  libssh2_session_last_error(session_, &msg, nullptr, 0);
  return msg ? msg : "";
}

Status SshConnection::handshake(const HostKeyPolicy& policy, int keepalive_seconds, bool& retryable) {
  retryable = false;
  if (!session_) return Status::error("cannot start an SSH session: out of memory");
  std::string algorithms = supported_only(session_, preferred_algorithms(policy.expected));
  if (!algorithms.empty()) (void)libssh2_session_method_pref(session_, LIBSSH2_METHOD_HOSTKEY, algorithms.c_str());
  int rc = until_done(*this, [&] { return libssh2_session_handshake(session_, fd_); });
  if (rc != 0) {
    retryable = rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_RECV ||
                rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_BANNER_RECV || rc == LIBSSH2_ERROR_KEX_FAILURE;
    if (rc == LIBSSH2_ERROR_TIMEOUT) return Status::error("SSH handshake with " + where() + " timed out");
    if (rc == LIBSSH2_ERROR_KEX_FAILURE && !algorithms.empty()) {  // only keys of other types: a mismatch, not a boot
      retryable = false;
      std::vector<PublicKey> expected;
      for (const auto& line : policy.expected)
        if (auto key = parse_public_key(line)) expected.push_back(*key);
      return Status::error(host_key_type_mismatch_message(host_, port_, expected));
    }
    return Status::error("SSH handshake with " + where() + " failed: " + last_error());
  }
  if (keepalive_seconds > 0) libssh2_keepalive_config(session_, 1, static_cast<unsigned>(keepalive_seconds));
  return verify_host_key(policy);
}

Status SshConnection::verify_host_key(const HostKeyPolicy& policy) {
  size_t len = 0;
  int type = 0;
  const char* raw = libssh2_session_hostkey(session_, &len, &type);
  if (!raw || len == 0) return Status::error("the SSH server at " + where() + " presented no host key");
  PublicKey seen{key_type_of_blob(std::string_view(raw, len)), std::string(raw, len)};
  host_key_ = seen.openssh();
  std::vector<PublicKey> expected;
  for (const auto& line : policy.expected) {
    auto key = parse_public_key(line);
    if (!key) return Status::error("the expected host key for " + where() + " is not an OpenSSH public key line");
    expected.push_back(*key);
  }
  for (const auto& k : expected)
    if (k == seen) return Status::ok();
  if (expected.empty() && policy.trust_on_first_use) return Status::ok();
  if (expected.empty())
    return Status::error("no host key is known for " + where() + " (the server presented " + seen.fingerprint() +
                         "); give the expected key (connection host_key) so it can be verified");
  return Status::error(host_key_mismatch_message(host_, port_, expected, seen));
}

Status SshConnection::authenticate(const Credentials& c) {
  if (c.user.empty()) return Status::error("no user to log in to " + where() + " as");
  std::string tried;
  if (!c.private_key.empty()) {
    int rc = until_done(*this, [&] {
      return libssh2_userauth_publickey_frommemory(session_, c.user.data(), c.user.size(), nullptr, 0,
                                                   c.private_key.data(), c.private_key.size(),
                                                   c.passphrase.empty() ? nullptr : c.passphrase.c_str());
    });
    if (rc == 0) return Status::ok();
    if (rc == LIBSSH2_ERROR_TIMEOUT) return Status::error("authentication on " + where() + " timed out");
    if (rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_METHOD_NOT_SUPPORTED)
      tried = "the private key could not be read (wrong passphrase, or not a PEM or OpenSSH private key)";
    else
      tried = "the server refused the private key";
  }
  if (!c.password.empty()) {
    int rc = until_done(*this, [&] {
      return libssh2_userauth_password_ex(session_, c.user.data(), static_cast<unsigned>(c.user.size()),
                                          c.password.data(), static_cast<unsigned>(c.password.size()), nullptr);
    });
    if (rc == 0) return Status::ok();
    if (rc == LIBSSH2_ERROR_TIMEOUT) return Status::error("authentication on " + where() + " timed out");
    tried += std::string(tried.empty() ? "" : "; ") + "the server refused the password";
  }
  if (tried.empty()) return Status::error("no private key or password to log in to " + where() + " with");
  return Status::error("authentication as " + c.user + " on " + where() + " failed: " + tried);
}

}  // namespace forma::remote
