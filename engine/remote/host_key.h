// SSH public host keys: OpenSSH lines, SHA256 fingerprints, known_hosts
// lookups, and the one message a mismatch is refused with.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forma::remote {

struct PublicKey {
  std::string type;  // "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256"
  std::string blob;  // the decoded key blob (wire format)

  std::string openssh() const;      // "ssh-ed25519 AAAA..."
  std::string fingerprint() const;  // "SHA256:..." as ssh-keygen -l prints it
  bool operator==(const PublicKey& o) const { return blob == o.blob; }
};

// "ssh-ed25519 AAAA... comment" (options before the type are not allowed).
std::optional<PublicKey> parse_public_key(std::string_view line);

// The key type named inside a blob ("ssh-ed25519"), "" when malformed.
std::string key_type_of_blob(std::string_view blob);

// The keys a known_hosts text lists for host:port: plain patterns
// ("host", "[host]:port", comma lists, * and ? wildcards, negation with !)
// and hashed entries (|1|salt|hash). @revoked lines are returned in `revoked`.
std::vector<PublicKey> known_hosts_keys(std::string_view text, const std::string& host, int port,
                                        std::vector<PublicKey>* revoked = nullptr);

// "host" for port 22, else "[host]:port": the known_hosts host field.
std::string known_hosts_name(const std::string& host, int port);

// The refusal when the key seen is none of the expected ones.
std::string host_key_mismatch_message(const std::string& host, int port, const std::vector<PublicKey>& expected,
                                      const PublicKey& seen);
// The same when the handshake failed because the server offers no host key
// of the expected types at all.
std::string host_key_type_mismatch_message(const std::string& host, int port, const std::vector<PublicKey>& expected);

}  // namespace forma::remote
