#include "state/secret_cipher.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>

#include "engine/base/text.h"

namespace forma::state {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr const char* kKeyCheckPlaintext = "forma state key check v1";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

std::string encrypt(const std::string& key, const std::string& plaintext) {
  std::string nonce(kNonceBytes, '\0');
  RAND_bytes(bytes(nonce), kNonceBytes);
  std::string out(plaintext.size() + 16, '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, total = 0;
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce));
  EVP_EncryptUpdate(ctx.get(), bytes(out), &len, bytes(plaintext), static_cast<int>(plaintext.size()));
  total = len;
  EVP_EncryptFinal_ex(ctx.get(), bytes(out) + total, &len);
  total += len;
  out.resize(static_cast<size_t>(total));
  std::string tag(kTagBytes, '\0');
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes(tag));
  return nonce + out + tag;
}

std::optional<std::string> decrypt(const std::string& key, const std::string& blob) {
  if (blob.size() < kNonceBytes + kTagBytes) return std::nullopt;
  std::string nonce = blob.substr(0, kNonceBytes);
  std::string tag = blob.substr(blob.size() - kTagBytes);
  std::string ciphertext = blob.substr(kNonceBytes, blob.size() - kNonceBytes - kTagBytes);
  std::string out(ciphertext.size() + 16, '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, total = 0;
  EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce));
  EVP_DecryptUpdate(ctx.get(), bytes(out), &len, bytes(ciphertext), static_cast<int>(ciphertext.size()));
  total = len;
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag));
  // Final fails when the tag does not verify: wrong key or tampered data.
  if (EVP_DecryptFinal_ex(ctx.get(), bytes(out) + total, &len) != 1) return std::nullopt;
  total += len;
  out.resize(static_cast<size_t>(total));
  return out;
}

}  // namespace

bool is_sealed(const json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.find("$enc");
  return it != value.end() && it->is_string();
}

std::optional<SecretCipher> SecretCipher::from_key(const std::string& key, Status& status) {
  if (key.size() != kStateKeyBytes) {
    status = Status::error("the state key must be " + std::to_string(kStateKeyBytes) +
                           " bytes (base64 in FORMA_STATE_KEY or the key file), got " +
                           std::to_string(key.size()));
    return std::nullopt;
  }
  status = Status::ok();
  return SecretCipher(key);
}

json SecretCipher::seal(const json& value) const {
  return json{{"$enc", base64_encode(encrypt(key_, value.dump()))}};
}

std::optional<json> SecretCipher::open(const json& sealed, Status& status) const {
  if (!is_sealed(sealed)) {
    status = Status::error("not an encrypted value");
    return std::nullopt;
  }
  auto blob = base64_decode(sealed.at("$enc").get<std::string>());
  std::optional<std::string> plain = blob ? decrypt(key_, *blob) : std::nullopt;
  if (!plain) {
    status = Status::error("a sensitive value cannot be decrypted: wrong state key or damaged value");
    return std::nullopt;
  }
  json value = json::parse(*plain, nullptr, false);
  if (value.is_discarded()) {
    status = Status::error("a decrypted sensitive value is not valid JSON");
    return std::nullopt;
  }
  status = Status::ok();
  return value;
}

json SecretCipher::seal_paths(const json& attributes, const std::vector<std::string>& paths) const {
  json out = attributes;
  for (const auto& p : paths) {
    try {
      json::json_pointer ptr(p);
      if (out.contains(ptr) && !is_sealed(out[ptr])) out[ptr] = seal(out[ptr]);
    } catch (const json::exception&) {
      // A malformed pointer names no value: nothing to seal there.
    }
  }
  return out;
}

Status SecretCipher::open_paths(json& attributes, const std::vector<std::string>& paths) const {
  for (const auto& p : paths) {
    try {
      json::json_pointer ptr(p);
      if (!attributes.contains(ptr) || !is_sealed(attributes[ptr])) continue;
      Status status;
      auto value = open(attributes[ptr], status);
      if (!value) return status;
      attributes[ptr] = std::move(*value);
    } catch (const json::exception&) {
      // As in seal_paths: a malformed pointer names no value.
    }
  }
  return Status::ok();
}

std::string SecretCipher::make_key_check() const {
  return base64_encode(encrypt(key_, kKeyCheckPlaintext));
}

bool SecretCipher::matches_key_check(const std::string& key_check) const {
  auto blob = base64_decode(key_check);
  if (!blob) return false;
  auto plain = decrypt(key_, *blob);
  return plain && *plain == kKeyCheckPlaintext;
}

std::string SecretCipher::keyed_hash(const std::string& data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), bytes(data), data.size(), digest, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace forma::state
