// uniqueString() and guid() as Azure Resource Manager computes them.
//
// uniqueString: the arguments joined with '-', hashed as UTF-8 with the 64-bit
// MurmurHash variant of ARM's expression engine (two 32-bit lanes, constants
// below), rendered as the top 65 bits in 13 lowercase RFC 4648 base-32 digits.
// guid: an RFC 4122 name-based version 5 UUID (SHA-1) of the arguments joined
// with '-' under ARM's fixed namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
#include "providers/azure/template/hashes.h"

#include <openssl/evp.h>

#include <cstdio>

namespace forma::azure::tmpl {
namespace {

std::string join_dash(const std::vector<std::string>& parts) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += '-';
    s += parts[i];
  }
  return s;
}

uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

uint32_t load_le(const unsigned char* p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n && i < 4; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

uint32_t final_mix(uint32_t h) {
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

constexpr uint32_t kLane1 = 0xab0e9789u;
constexpr uint32_t kLane2 = 0x239b961bu;

uint64_t arm_murmur64(const std::string& data) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  const size_t length = data.size();
  uint32_t h1 = 0, h2 = 0;
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint32_t k1 = rotl32(load_le(bytes + i, 4) * kLane2, 15) * kLane1;
    h1 = (rotl32(h1 ^ k1, 19) + h2) * 5 + 0x561ccd1bu;
    uint32_t k2 = rotl32(load_le(bytes + i + 4, 4) * kLane1, 17) * kLane2;
    h2 = (rotl32(h2 ^ k2, 13) + h1) * 5 + 0x0bcaa747u;
  }
  size_t rest = length - i;
  if (rest > 0) {
    h1 ^= rotl32(load_le(bytes + i, rest) * kLane2, 15) * kLane1;
    if (rest > 4) h2 ^= rotl32(load_le(bytes + i + 4, rest - 4) * kLane1, 17) * kLane2;
  }
  const auto len32 = static_cast<uint32_t>(length);
  h2 ^= len32;
  h1 = (h1 ^ len32) + h2;
  h2 += h1;
  h1 = final_mix(h1);
  h2 = final_mix(h2);
  h1 += h2;
  h2 += h1;
  return (static_cast<uint64_t>(h2) << 32) | h1;
}

}  // namespace

std::string unique_string(const std::vector<std::string>& parts) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  uint64_t h = arm_murmur64(join_dash(parts));
  std::string out;
  for (int i = 0; i < 13; ++i) {
    out.push_back(kAlphabet[(h >> 59) & 31]);
    h <<= 5;
  }
  return out;
}

std::string uuid_v5(const std::array<unsigned char, 16>& ns, const std::string& name) {
  std::string input(reinterpret_cast<const char*>(ns.data()), ns.size());
  input += name;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_len, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  char buf[37];
  std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return buf;
}

std::string deterministic_guid(const std::vector<std::string>& parts) {
  static constexpr std::array<unsigned char, 16> kArmNamespace = {
      0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30};
  return uuid_v5(kArmNamespace, join_dash(parts));
}

}  // namespace forma::azure::tmpl
