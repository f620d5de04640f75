#include "engine/remote/host_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <sstream>

#include "engine/base/text.h"

namespace forma::remote {
namespace {

std::vector<std::string> fields_of(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= text.size(); ++i)
      if (glob_match(pattern.substr(1), text.substr(i))) return true;
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '?' && pattern[0] != text[0]) return false;
  return glob_match(pattern.substr(1), text.substr(1));
}

// |1|base64(salt)|base64(HMAC-SHA1(salt, name))
bool hashed_match(const std::string& entry, const std::string& name) {
  size_t bar = entry.find('|', 3);
  if (entry.rfind("|1|", 0) != 0 || bar == std::string::npos) return false;
  auto salt = base64_decode(entry.substr(3, bar - 3));
  auto hash = base64_decode(entry.substr(bar + 1));
  if (!salt || !hash) return false;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()), reinterpret_cast<const unsigned char*>(name.data()),
       name.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len) == *hash;
}

bool hosts_match(const std::string& field, const std::string& name) {
  if (field.rfind("|1|", 0) == 0) return hashed_match(field, name);
  bool matched = false;
  std::istringstream in(field);
  for (std::string pattern; std::getline(in, pattern, ',');) {
    bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern.erase(0, 1);
    if (glob_match(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

const char* const kMismatchAdvice =
    "; the node was replaced or someone is intercepting the connection — nothing was sent to it";

std::string fingerprints(const std::vector<PublicKey>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : " or ") + k.fingerprint();
  return out;
}

}  // namespace

std::string PublicKey::openssh() const { return type + " " + base64_encode(blob); }

std::string PublicKey::fingerprint() const {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), digest);
  std::string b64 = base64_encode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

std::string key_type_of_blob(std::string_view blob) {
  if (blob.size() < 4) return {};
  uint32_t n = (static_cast<unsigned char>(blob[0]) << 24) | (static_cast<unsigned char>(blob[1]) << 16) |
               (static_cast<unsigned char>(blob[2]) << 8) | static_cast<unsigned char>(blob[3]);
  if (n == 0 || n > 64 || blob.size() < 4 + n) return {};
  return std::string(blob.substr(4, n));
}

std::optional<PublicKey> parse_public_key(std::string_view line) {
  auto f = fields_of(line);
  if (f.size() < 2) return std::nullopt;
  auto blob = base64_decode(f[1]);
  if (!blob || key_type_of_blob(*blob) != f[0]) return std::nullopt;
  return PublicKey{f[0], *blob};
}

std::string known_hosts_name(const std::string& host, int port) {
  return port == 22 ? host : "[" + host + "]:" + std::to_string(port);
}

std::vector<PublicKey> known_hosts_keys(std::string_view text, const std::string& host, int port,
                                        std::vector<PublicKey>* revoked) {
  std::vector<PublicKey> out;
  std::string name = known_hosts_name(host, port);
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    auto f = fields_of(line);
    if (f.empty() || f[0][0] == '#') continue;
    std::string marker;
    if (f[0][0] == '@') {
      marker = f[0];
      f.erase(f.begin());
    }
    if (f.size() < 3 || marker == "@cert-authority" || !hosts_match(f[0], name)) continue;
    auto key = parse_public_key(f[1] + " " + f[2]);
    if (!key) continue;
    if (marker == "@revoked") {
      if (revoked) revoked->push_back(*key);
    } else {
      out.push_back(*key);
    }
  }
  return out;
}

std::string host_key_mismatch_message(const std::string& host, int port, const std::vector<PublicKey>& expected,
                                      const PublicKey& seen) {
  return "host key of " + host + ":" + std::to_string(port) + " does not match: expected " + fingerprints(expected) +
         ", the server presented " + seen.fingerprint() + " (" + seen.type + ")" + kMismatchAdvice;
}

std::string host_key_type_mismatch_message(const std::string& host, int port, const std::vector<PublicKey>& expected) {
  std::string types;
  for (const auto& k : expected)
    if (types.find(k.type) == std::string::npos) types += (types.empty() ? "" : ", ") + k.type;
  return "host key of " + host + ":" + std::to_string(port) + " does not match: expected " + fingerprints(expected) +
         ", the server has no host key of type " + types + kMismatchAdvice;
}

}  // namespace forma::remote
