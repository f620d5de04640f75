// Bearer tokens this emulator issues: JWTs signed (HS256) with a key kept in
// the data directory, so they stay valid across restarts until they expire.
#pragma once

#include <cstdint>
#include <string>

namespace forma::emulator {

inline constexpr int kTokenLifetimeSeconds = 3599;

class TokenAuthority {
 public:
  TokenAuthority(std::string signing_key, std::string tenant_id);
  std::string issue(const std::string& client_id, const std::string& audience, int64_t now_s) const;
  // True when `token` was issued here and has not expired; else `why` says which.
  bool verify(const std::string& token, int64_t now_s, std::string& why) const;

 private:
  std::string sign(const std::string& data) const;
  std::string signing_key_;
  std::string tenant_id_;
};

}  // namespace forma::emulator
