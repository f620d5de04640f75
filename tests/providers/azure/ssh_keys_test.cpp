// generate_ssh_keys: an RSA pair in $HOME/.ssh, made once, as the CLI does.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "providers/azure/ssh_keys.h"
#include "tests/providers/azure/azure_test_support.h"

using namespace forma;
using namespace forma::azure;
namespace fs = std::filesystem;

TEST_CASE("generate_ssh_keys creates an RSA key pair once and reuses it") {
  fs::path home = fs::temp_directory_path() / ("forma-home-" + std::to_string(::getpid()));
  fs::remove_all(home);
  fs::create_directories(home);
  auto env = testing::env_of({{"HOME", home.string()}, {"USER", "tester"}});
  CHECK_FALSE(default_public_key(env));

  std::string first;
  REQUIRE(ensure_ssh_key_pair(env, first));
  CHECK(first.rfind("ssh-rsa AAAAB3NzaC1yc2E", 0) == 0);
  CHECK(first.size() > 370);  // 2048-bit modulus
  struct stat st {};
  REQUIRE(::stat((home / ".ssh" / "id_rsa").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream pem(home / ".ssh" / "id_rsa");
  std::string header;
  std::getline(pem, header);
  CHECK(header == "-----BEGIN RSA PRIVATE KEY-----");

  std::string second;
  REQUIRE(ensure_ssh_key_pair(env, second));
  CHECK(second == first);
  CHECK(default_public_key(env) == std::optional<std::string>(first));
  fs::remove_all(home);
}

TEST_CASE("the admin name defaults to the login name") {
  CHECK(current_user_name(testing::env_of({{"LOGNAME", "alice"}, {"USER", "bob"}})) == "alice");
  CHECK(current_user_name(testing::env_of({{"USER", "bob"}})) == "bob");
}
