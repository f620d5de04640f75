#include <catch2/catch.hpp>

#include "engine/base/text.h"
#include "state/commands.h"
#include "state_test_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

namespace {

const std::string kSecret = "hunter2-very-secret-value";
const std::string kOutputSecret = "output-secret-token-123";

OpenOptions with_key(char fill) {
  OpenOptions options;
  options.key = key_of(fill);
  return options;
}

ResourceObject secret_object() {
  ResourceObject o = sample("test_vm.a", {{"id", "vm-1"}, {"admin", {{"password", kSecret}}}});
  o.sensitive_paths = {"/admin/password"};
  return o;
}

void write_secrets(Store& store) {
  REQUIRE(store.put(secret_object()));
  REQUIRE(store.set_outputs({{"token", kOutputSecret, true}, {"plain", "visible", false}}));
}

// Every byte forma left on disk for this state: the file, its WAL and shm.
bool secret_on_disk(const std::string& path) {
  for (const auto& suffix : {"", "-wal", "-shm"}) {
    std::string bytes = read_bytes(path + suffix);
    if (bytes.find(kSecret) != std::string::npos || bytes.find(kOutputSecret) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("with a key no plaintext secret reaches the file or its WAL") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto store = open_store(path, with_key('k'));
  write_secrets(*store);
  CHECK(store->encrypted());
  // While open, the commits sit in the WAL: check it too.
  CHECK(read_bytes(path + "-wal").size() > 0);
  CHECK_FALSE(secret_on_disk(path));
  CHECK(read_bytes(path + "-wal").find("$enc") != std::string::npos);

  auto objects = store->resources();
  CHECK(objects[0].attributes["admin"]["password"] == kSecret);
  CHECK(store->outputs()[1].value == kOutputSecret);
  store.reset();
  CHECK_FALSE(secret_on_disk(path));
  CHECK(read_bytes(path).find("visible") != std::string::npos);  // the grep itself can see text
}

TEST_CASE("without a key secrets are stored in plaintext (and the test can see them)") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto store = open_store(path);
  write_secrets(*store);
  CHECK(secret_on_disk(path));
}

TEST_CASE("a wrong key or no key is refused and changes nothing") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  { write_secrets(*open_store(path, with_key('k'))); }
  auto before = read_bytes(path);
  Status status;
  CHECK_FALSE(Store::open(path, with_key('w'), status));
  CHECK(status.message().find("wrong key") != std::string::npos);
  CHECK_FALSE(Store::open(path, {}, status));
  CHECK(status.message().find("has encrypted sensitive values: set FORMA_STATE_KEY") != std::string::npos);
  OpenOptions short_key;
  short_key.key = "too short";
  CHECK_FALSE(Store::open(path, short_key, status));
  CHECK(read_bytes(path) == before);
  CHECK(open_store(path, with_key('k'))->resources()[0].attributes["admin"]["password"] == kSecret);
}

TEST_CASE("rekey re-encrypts every secret and retires the old key") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  {
    auto store = open_store(path, with_key('a'));
    write_secrets(*store);
    auto result = state_rekey(*store, key_of('b'));
    REQUIRE(result.status);
  }
  Status status;
  CHECK_FALSE(Store::open(path, with_key('a'), status));
  auto store = open_store(path, with_key('b'));
  CHECK(store->resources()[0].attributes["admin"]["password"] == kSecret);
  CHECK(store->outputs()[1].value == kOutputSecret);
  CHECK_FALSE(secret_on_disk(path));
}

TEST_CASE("a plaintext state opened with a key is encrypted and the old bytes are scrubbed") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  { write_secrets(*open_store(path)); }
  REQUIRE(secret_on_disk(path));
  auto store = open_store(path, with_key('k'));
  CHECK(store->encrypted());
  CHECK_FALSE(secret_on_disk(path));
  CHECK(store->resources()[0].attributes["admin"]["password"] == kSecret);
}

TEST_CASE("rekey to no key stores secrets in plaintext again") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  {
    auto store = open_store(path, with_key('k'));
    write_secrets(*store);
    REQUIRE(state_rekey(*store, std::nullopt).status);
  }
  auto store = open_store(path);
  CHECK_FALSE(store->encrypted());
  CHECK(store->resources()[0].attributes["admin"]["password"] == kSecret);
}

TEST_CASE("history hashes are keyed when the state is encrypted") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"), with_key('k'));
  HistoryEntry row{0, "apply", "test_vm.a", "create", "", "", "", ""};
  ResourceObject o = secret_object();
  REQUIRE(store->put(o, &row));
  auto hash = store->history()[0].after_hash;
  CHECK(hash.size() == 64);
  CHECK(hash != sha256_hex(o.attributes.dump()));
}

TEST_CASE("the state key is read from a key file or FORMA_STATE_KEY") {
  ScratchDir dir;
  Status status;
  unsetenv("FORMA_STATE_KEY");
  CHECK_FALSE(load_state_key("", status));
  CHECK(status);

  setenv("FORMA_STATE_KEY", base64_encode(key_of('e')).c_str(), 1);
  CHECK(load_state_key("", status) == key_of('e'));

  auto file = dir.file("key");
  write_bytes(file, base64_encode(key_of('f')) + "\n");
  CHECK(load_state_key(file, status) == key_of('f'));  // the file wins

  setenv("FORMA_STATE_KEY", base64_encode("short").c_str(), 1);
  CHECK_FALSE(load_state_key("", status));
  CHECK(status.message().find("must hold 32 bytes") != std::string::npos);
  unsetenv("FORMA_STATE_KEY");
  CHECK_FALSE(load_state_key(dir.file("missing"), status));
  CHECK_FALSE(status);
  CHECK(unencrypted_state_warning().find("unencrypted") != std::string::npos);
}
