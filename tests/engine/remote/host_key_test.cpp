#include <catch2/catch.hpp>

#include "engine/remote/host_key.h"

using namespace forma::remote;

namespace {

// Made with ssh-keygen -t ed25519; ssh-keygen -lf prints the fingerprint below.
const char* kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBCYL0w3Xo/FmInH9WosHRDohDaflsxmMgDql5WKyNsI test";
const char* kFingerprint = "SHA256:LaVByqNkqTNW1t4eJiYfDa+cr4BKyu4JeuiebEZ1b6Y";
// ssh-keygen -H of "[127.0.0.1]:50000 <kKey>".
const char* kHashed =
    "|1|fYp17S49f5AAJH+eZz1H56fDRJw=|mP3B4n+n4UX/GMGbHhzmy/qwLQc= ssh-ed25519 "
    "AAAAC3NzaC1lZDI1NTE5AAAAIBCYL0w3Xo/FmInH9WosHRDohDaflsxmMgDql5WKyNsI";
const char* kOther = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKICxWf7w3wxiFiD7An4eHxyrOPi7aMVevmGJ4bmsODu";

}  // namespace

TEST_CASE("an OpenSSH public key line parses and has ssh-keygen's fingerprint") {
  auto key = parse_public_key(kKey);
  REQUIRE(key);
  CHECK(key->type == "ssh-ed25519");
  CHECK(key->fingerprint() == kFingerprint);
  CHECK(key->openssh() == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBCYL0w3Xo/FmInH9WosHRDohDaflsxmMgDql5WKyNsI");
}

TEST_CASE("a line whose type does not match its blob, or that is not base64, is not a key") {
  CHECK_FALSE(parse_public_key("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIBCYL0w3Xo/FmInH9WosHRDohDaflsxmMgDql5WKyNsI"));
  CHECK_FALSE(parse_public_key("ssh-ed25519 not*base64"));
  CHECK_FALSE(parse_public_key("ssh-ed25519"));
  CHECK_FALSE(parse_public_key(""));
}

TEST_CASE("known_hosts entries are found by host and port, plain, bracketed, wildcard and hashed") {
  std::string text = std::string("# comment\n") + "node1,10.0.0.4 " + kKey + "\n" + "[127.0.0.1]:50001 " + kOther +
                     "\n" + kHashed + "\n" + "*.example " + kOther + "\n";
  CHECK(known_hosts_keys(text, "node1", 22).size() == 1);
  CHECK(known_hosts_keys(text, "10.0.0.4", 22).size() == 1);
  CHECK(known_hosts_keys(text, "10.0.0.4", 2222).empty());  // another port is another host
  auto hashed = known_hosts_keys(text, "127.0.0.1", 50000);
  REQUIRE(hashed.size() == 1);
  CHECK(hashed[0].fingerprint() == kFingerprint);
  CHECK(known_hosts_keys(text, "127.0.0.1", 50001).front().openssh().rfind("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKIC", 0) == 0);
  CHECK(known_hosts_keys(text, "a.example", 22).size() == 1);
  CHECK(known_hosts_keys(text, "example", 22).empty());
}

TEST_CASE("negated patterns and revoked keys are honoured") {
  std::string text = std::string("*,!bad ") + kKey + "\n@revoked * " + kOther + "\n";
  CHECK(known_hosts_keys(text, "good", 22).size() == 1);
  CHECK(known_hosts_keys(text, "bad", 22).empty());
  std::vector<PublicKey> revoked;
  known_hosts_keys(text, "good", 22, &revoked);
  CHECK(revoked.size() == 1);
}

TEST_CASE("a host key mismatch names the host, the port and both fingerprints") {
  auto expected = parse_public_key(kKey);
  auto seen = parse_public_key(kOther);
  std::string message = host_key_mismatch_message("127.0.0.9", 50002, {*expected}, *seen);
  CHECK(message.find("127.0.0.9:50002") != std::string::npos);
  CHECK(message.find(kFingerprint) != std::string::npos);
  CHECK(message.find(seen->fingerprint()) != std::string::npos);
  CHECK(seen->fingerprint() != expected->fingerprint());
}
