#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "providers/azure/emulator/options.h"
#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a client that trusts the emulator's CA connects over HTTPS") {
  TestEmulator emu;
  auto res = emu.client()->Get("/metadata/endpoints?api-version=2022-09-01");
  REQUIRE(res);
  CHECK(res->status == 200);
  const json meta = json::parse(res->body);
  CHECK(meta["resourceManager"] == emu.emulator().endpoint() + "/");
  CHECK(meta["authentication"]["loginEndpoint"] == emu.emulator().endpoint() + "/");
  CHECK(meta["authentication"]["audiences"][0] == emu.emulator().endpoint() + "/");
  CHECK(meta["name"] == "FormaEmulator");
}

TEST_CASE("a client that does not trust the emulator's CA is refused") {
  TestEmulator emu;
  httplib::SSLClient untrusting("127.0.0.1", emu.emulator().port());
  untrusting.set_ca_cert_path("/nonexistent-ca.pem");
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_connection_timeout(5, 0);
  CHECK_FALSE(untrusting.Get("/metadata/endpoints"));
}

TEST_CASE("the data directory gets a CA, a server certificate and private keys readable only by the owner") {
  TestEmulator emu;
  for (const char* name : {"ca.pem", "server.pem"})
    CHECK(slurp(emu.dir() / name).starts_with("-----BEGIN CERTIFICATE-----"));
  for (const char* name : {"ca.key", "server.key", "credentials.env", "emulator.db"}) {
    INFO(name);
    CHECK(mode_of(emu.dir() / name) == 0600);
  }
}

TEST_CASE("credentials.env exports the endpoint, CA and identities in shell syntax") {
  TestEmulator emu;
  const std::string env = slurp(emu.dir() / "credentials.env");
  const Options& o = emu.emulator().options();
  CHECK(env.find("export ARM_ENDPOINT='" + emu.emulator().endpoint() + "'\n") != std::string::npos);
  CHECK(env.find("export ARM_CA_FILE='" + emu.emulator().ca_file().string() + "'\n") != std::string::npos);
  CHECK(env.find("export ARM_TENANT_ID='72f988bf-0000-4000-8000-00000000e001'\n") != std::string::npos);
  CHECK(env.find("export ARM_CLIENT_ID='forma-emulator'\n") != std::string::npos);
  CHECK(env.find("export ARM_CLIENT_SECRET='" + o.client_secret + "'\n") != std::string::npos);
  CHECK(env.find("export ARM_SUBSCRIPTION_ID='00000000-0000-4000-8000-00000000f0a1'\n") != std::string::npos);
  CHECK(o.client_secret.size() >= 32);
  CHECK(emu.emulator().ca_file().is_absolute());
}

TEST_CASE("a restart reuses the CA and the generated client secret") {
  const fs::path dir = scratch_dir();
  std::string ca, secret;
  {
    TestEmulator first(test_options(), dir);
    ca = slurp(dir / "ca.pem");
    secret = first.emulator().options().client_secret;
  }
  {
    TestEmulator second(test_options(), dir);
    CHECK(slurp(dir / "ca.pem") == ca);
    CHECK(second.emulator().options().client_secret == secret);
  }
  fs::remove_all(dir);
}

TEST_CASE("the listen address must be loopback") {
  std::string host;
  int port = -1;
  CHECK(parse_listen_address("127.0.0.1:0", host, port).is_ok());
  CHECK((host == "127.0.0.1" && port == 0));
  CHECK(parse_listen_address("127.0.0.2:8443", host, port).is_ok());
  CHECK(port == 8443);
  CHECK(parse_listen_address("[::1]:9000", host, port).is_ok());
  CHECK(host == "::1");
  Status public_address = parse_listen_address("0.0.0.0:8443", host, port);
  CHECK_FALSE(public_address.is_ok());
  CHECK(public_address.message().find("loopback") != std::string::npos);
  CHECK_FALSE(parse_listen_address("10.1.2.3:80", host, port).is_ok());
  CHECK_FALSE(parse_listen_address("127.0.0.1:99999", host, port).is_ok());
  CHECK_FALSE(parse_listen_address("127.0.0.1", host, port).is_ok());
}

TEST_CASE("a fault spec is parsed item by item and a bad item is named") {
  FaultSettings f;
  REQUIRE(parse_fault_spec("latency=50ms,429=0.10,503=0.05,500=0.01,drop=0.02,lro_fail=0.25", f).is_ok());
  CHECK(f.latency_ms == 50);
  CHECK(f.rate_429 == Approx(0.10));
  CHECK(f.rate_503 == Approx(0.05));
  CHECK(f.rate_500 == Approx(0.01));
  CHECK(f.rate_drop == Approx(0.02));
  CHECK(f.lro_fail == Approx(0.25));
  Status bad = parse_fault_spec("429=0.1,teapot=0.5", f);
  CHECK_FALSE(bad.is_ok());
  CHECK(bad.message().find("teapot=0.5") != std::string::npos);
  CHECK(parse_fault_spec("503=1.5", f).message().find("503=1.5") != std::string::npos);
  CHECK_FALSE(parse_fault_spec("latency=fast", f).is_ok());
  CHECK(f.rate_429 == Approx(0.10));  // a bad spec changes nothing
}

TEST_CASE("a quota spec sets dedicated cores per family and low-priority cores") {
  QuotaSettings q;
  REQUIRE(parse_quota_spec("standardNCFamily=24,lowPriority=48", q).is_ok());
  CHECK(q.dedicated_for("standardNCFamily") == 24);
  CHECK(q.dedicated_for("standardDv2Family") == 100);
  CHECK(q.low_priority == 48);
  Status bad = parse_quota_spec("standardXYZFamily=4", q);
  CHECK_FALSE(bad.is_ok());
  CHECK(bad.message().find("standardXYZFamily") != std::string::npos);
  CHECK_FALSE(parse_quota_spec("standardNCFamily=-1", q).is_ok());
}
