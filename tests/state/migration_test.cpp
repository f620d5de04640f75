#include <catch2/catch.hpp>

#include "state/schema.h"
#include "state/sqlite_db.h"
#include "state_test_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

namespace {

// The layout of format version 0: resources keyed by address alone, no
// history, no locks, no application id.
void make_version_0_file(const std::string& path) {
  Connection db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  REQUIRE(db.exec(R"sql(
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('format_version', '0'), ('lineage', 'old-lineage'), ('serial', '7');
    CREATE TABLE resources (address TEXT PRIMARY KEY, type TEXT, provider TEXT, attributes TEXT, status TEXT);
    INSERT INTO resources VALUES ('test_null.a', 'test_null', 'provider.test', '{"id":"a1"}', 'created');
    INSERT INTO resources VALUES ('test_null.b[0]', 'test_null', 'provider.test', '{"id":"b0"}', 'tainted');
    CREATE TABLE dependencies (address TEXT, depends_on TEXT);
    INSERT INTO dependencies VALUES ('test_null.b[0]', 'test_null.a');
    CREATE TABLE outputs (name TEXT PRIMARY KEY, value TEXT NOT NULL, sensitive INTEGER NOT NULL);
    INSERT INTO outputs VALUES ('o', '"v"', 0);
  )sql"));
}

void set_format_version(const std::string& path, const std::string& version) {
  Connection db(path, SQLITE_OPEN_READWRITE);
  REQUIRE(db.exec("UPDATE meta SET value = '" + version + "' WHERE key = 'format_version'"));
}

}  // namespace

TEST_CASE("a version 0 file is upgraded in place and keeps its data") {
  ScratchDir dir;
  auto path = dir.file("old.db");
  make_version_0_file(path);
  {
    auto store = open_store(path);
    CHECK(store->lineage() == "old-lineage");
    CHECK(store->serial() == 7);
    auto all = store->resources();
    REQUIRE(all.size() == 2);
    CHECK(all[0].attributes["id"] == "a1");
    CHECK(all[1].status == ResourceStatus::Tainted);
    CHECK(all[1].dependencies == std::vector<std::string>{"test_null.a"});
    // The new tables work.
    HistoryEntry row{0, "apply", "test_null.c", "create", "", "", "", ""};
    CHECK(store->put(sample("test_null.c"), &row));
    CHECK(store->lock("apply", nullptr));
  }
  Connection db(path, SQLITE_OPEN_READONLY);
  int version = -1;
  REQUIRE(read_format_version(db, version));
  CHECK(version == kFormatVersion);
}

TEST_CASE("a version 0 file opened read-only is read through the migration and not changed") {
  ScratchDir dir;
  auto path = dir.file("old.db");
  make_version_0_file(path);
  auto before = read_bytes(path);
  OpenOptions options;
  options.read_only = true;
  {
    auto store = open_store(path, options);
    CHECK(store->resources().size() == 2);
    CHECK(store->history().empty());
  }
  CHECK(read_bytes(path) == before);
}

TEST_CASE("a file from a newer forma is refused and left byte for byte as it was") {
  ScratchDir dir;
  auto path = dir.file("new.db");
  { REQUIRE(open_store(path)->put(sample("test_null.a"))); }
  set_format_version(path, "99");
  auto before = read_bytes(path);
  for (bool read_only : {false, true}) {
    OpenOptions options;
    options.read_only = read_only;
    Status status;
    CHECK_FALSE(Store::open(path, options, status));
    CHECK(status.message().find("was written by a newer forma (format version 99; this forma understands up to 2)") !=
          std::string::npos);
  }
  CHECK(read_bytes(path) == before);
}

TEST_CASE("a failed migration leaves the old file as it was") {
  ScratchDir dir;
  auto path = dir.file("old.db");
  make_version_0_file(path);
  {
    // A version 0 file that somehow already has a history table: the
    // migration's CREATE TABLE fails halfway through.
    Connection db(path, SQLITE_OPEN_READWRITE);
    REQUIRE(db.exec("CREATE TABLE history (x)"));
  }
  Status status;
  CHECK_FALSE(Store::open(path, {}, status));
  CHECK(status.message().find("cannot upgrade") != std::string::npos);
  Connection db(path, SQLITE_OPEN_READONLY);
  int version = -1;
  REQUIRE(read_format_version(db, version));
  CHECK(version == 0);
  std::string count;
  REQUIRE(db.query_text("SELECT count(*) FROM resources", count));
  CHECK(count == "2");
}

TEST_CASE("a version 1 file gains the private column and keeps its objects") {
  ScratchDir dir;
  auto path = dir.file("v1.db");
  { REQUIRE(open_store(path)->put(sample("test_null.a"))); }
  {
    // Make it what forma with format version 1 wrote: no private column.
    Connection db(path, SQLITE_OPEN_READWRITE);
    REQUIRE(db.exec("ALTER TABLE resources DROP COLUMN private"));
  }
  set_format_version(path, "1");
  auto store = open_store(path);
  auto all = store->resources();
  REQUIRE(all.size() == 1);
  CHECK(all[0].private_data == json::object());
  auto o = all[0];
  o.private_data = {{"host_keys", {{"127.0.0.1:50000", "ssh-ed25519 AAAA"}}}};
  REQUIRE(store->put(o));
  CHECK(store->resources()[0].private_data["host_keys"]["127.0.0.1:50000"] == "ssh-ed25519 AAAA");
}

TEST_CASE("a put without private data keeps what the object's row holds") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  auto o = sample("test_null.a");
  o.private_data = {{"host_keys", {{"h:22", "k"}}}};
  REQUIRE(store->put(o));
  o.private_data = nullptr;
  o.attributes["id"] = "changed";
  REQUIRE(store->put(o));
  auto back = store->resources()[0];
  CHECK(back.attributes["id"] == "changed");
  CHECK(back.private_data["host_keys"]["h:22"] == "k");
  o.private_data = json::object();
  REQUIRE(store->put(o));
  CHECK(store->resources()[0].private_data == json::object());
}
