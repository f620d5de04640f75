// AES-256-GCM encryption of sensitive attribute values (OpenSSL EVP).
// A sealed value is {"$enc": base64(nonce[12] | ciphertext | tag[16])}, with
// the plaintext being the JSON text of the original value, so any JSON type
// (string, number, object) round-trips.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"

namespace forma::state {

inline constexpr size_t kStateKeyBytes = 32;

class SecretCipher {
 public:
  // `key` must be kStateKeyBytes raw bytes.
  static std::optional<SecretCipher> from_key(const std::string& key, Status& status);

  json seal(const json& value) const;
  // The original value, or an error when the key is wrong or the blob damaged.
  std::optional<json> open(const json& sealed, Status& status) const;

  // Replaces the value at each sensitive path with its sealed form.
  json seal_paths(const json& attributes, const std::vector<std::string>& paths) const;
  // Opens every sealed value found at a sensitive path; plaintext ones are kept.
  Status open_paths(json& attributes, const std::vector<std::string>& paths) const;

  // A value stored in meta that lets open() detect a wrong key without
  // touching any secret.
  std::string make_key_check() const;
  bool matches_key_check(const std::string& key_check) const;

  // Keyed hash for history (so history never holds a plain hash of a secret).
  std::string keyed_hash(const std::string& data) const;

 private:
  explicit SecretCipher(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

bool is_sealed(const json& value);

}  // namespace forma::state
