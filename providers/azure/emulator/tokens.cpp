#include "providers/azure/emulator/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "engine/base/text.h"
#include "engine/base/value.h"

namespace forma::emulator {
namespace {

std::string base64url(std::string_view data) {
  std::string s = base64_encode(data);
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::optional<std::string> from_base64url(std::string s) {
  for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (s.size() % 4) s.push_back('=');
  return base64_decode(s);
}

}  // namespace

TokenAuthority::TokenAuthority(std::string signing_key, std::string tenant_id)
    : signing_key_(std::move(signing_key)), tenant_id_(std::move(tenant_id)) {}

std::string TokenAuthority::sign(const std::string& data) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), signing_key_.data(), static_cast<int>(signing_key_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return base64url(std::string_view(reinterpret_cast<const char*>(mac), length));
}

std::string TokenAuthority::issue(const std::string& client_id, const std::string& audience,
                                  int64_t now_s) const {
  const json header = {{"typ", "JWT"}, {"alg", "HS256"}};
  const json claims = {{"aud", audience},
                       {"iss", "https://sts.windows.net/" + tenant_id_ + "/"},
                       {"iat", now_s},
                       {"nbf", now_s},
                       {"exp", now_s + kTokenLifetimeSeconds},
                       {"appid", client_id},
                       {"tid", tenant_id_},
                       {"uti", random_uuid()}};
  const std::string unsigned_token = base64url(header.dump()) + "." + base64url(claims.dump());
  return unsigned_token + "." + sign(unsigned_token);
}

bool TokenAuthority::verify(const std::string& token, int64_t now_s, std::string& why) const {
  const size_t first = token.find('.'), last = token.rfind('.');
  if (first == std::string::npos || first == last) {
    why = "The access token is not a JWT.";
    return false;
  }
  const std::string expected = sign(token.substr(0, last));
  const std::string given = token.substr(last + 1);
  if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
    why = "The access token has an invalid signature.";
    return false;
  }
  auto claims_text = from_base64url(token.substr(first + 1, last - first - 1));
  json claims = claims_text ? json::parse(*claims_text, nullptr, false) : json();
  if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number_integer()) {
    why = "The access token is malformed.";
    return false;
  }
  if (claims["exp"].get<int64_t>() <= now_s) {
    why = "The token is expired.";
    return false;
  }
  return true;
}

}  // namespace forma::emulator
