#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <thread>

#include "state/sqlite_db.h"
#include "state_test_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

TEST_CASE("a new state file is created with mode 0600 in WAL mode") {
  ScratchDir dir;
  auto path = dir.file("forma.state.db");
  auto store = open_store(path);
  struct stat st{};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(store->serial() == 0);
  CHECK(store->lineage().size() == 36);
  CHECK_FALSE(store->encrypted());

  Connection raw(path, SQLITE_OPEN_READONLY);
  std::string mode;
  REQUIRE(raw.query_text("PRAGMA journal_mode", mode));
  CHECK(mode == "wal");
}

TEST_CASE("a missing file is an error when it may not be created") {
  ScratchDir dir;
  Status status;
  OpenOptions options;
  options.create_if_missing = false;
  CHECK_FALSE(Store::open(dir.file("none.db"), options, status));
  CHECK(status.message().find("does not exist") != std::string::npos);
  options.read_only = true;
  CHECK_FALSE(Store::open(dir.file("none.db"), options, status));
  CHECK_FALSE(std::filesystem::exists(dir.file("none.db")));
}

TEST_CASE("resources, dependencies and outputs survive a reopen") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  std::string lineage;
  {
    auto store = open_store(path);
    lineage = store->lineage();
    ResourceObject a = sample("test_null.a", {{"id", "1"}, {"tags", {{"k", "v"}}}});
    a.dependencies = {"test_null.b", "test_null.c"};
    a.creation_token = "tok-1";
    a.schema_version = 3;
    REQUIRE(store->put(a));
    ResourceObject deposed = sample("test_null.a", {{"id", "0"}});
    deposed.deposed = "d1";
    REQUIRE(store->put(deposed));
    REQUIRE(store->set_outputs({{"ip", "10.0.0.1", false}}));
    REQUIRE(store->bump_serial());
  }
  auto store = open_store(path);
  CHECK(store->lineage() == lineage);
  CHECK(store->serial() == 1);
  auto all = store->resources();
  REQUIRE(all.size() == 2);
  CHECK(all[0].deposed.empty());
  CHECK(all[0].attributes["tags"]["k"] == "v");
  CHECK(all[0].dependencies == std::vector<std::string>{"test_null.b", "test_null.c"});
  CHECK(all[0].creation_token == "tok-1");
  CHECK(all[0].schema_version == 3);
  CHECK(all[1].deposed == "d1");
  REQUIRE(store->outputs().size() == 1);
  CHECK(store->outputs()[0].value == "10.0.0.1");
}

TEST_CASE("put replaces the object and its dependencies, remove deletes only its own row") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  ResourceObject a = sample("test_null.a");
  a.status = ResourceStatus::Creating;
  a.dependencies = {"test_null.x"};
  REQUIRE(store->put(a));
  a.status = ResourceStatus::Created;
  a.attributes = {{"id", "real"}};
  a.dependencies = {"test_null.y"};
  REQUIRE(store->put(a));
  ResourceObject deposed = a;
  deposed.deposed = "d1";
  REQUIRE(store->put(deposed));

  REQUIRE(store->remove("test_null.a", "d1"));
  auto all = store->resources();
  REQUIRE(all.size() == 1);
  CHECK(all[0].status == ResourceStatus::Created);
  CHECK(all[0].attributes["id"] == "real");
  CHECK(all[0].dependencies == std::vector<std::string>{"test_null.y"});
}

TEST_CASE("history rows record hashes of before and after and filter by address") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  HistoryEntry create{0, "apply", "test_null.a[0]", "create", "", "", "", ""};
  REQUIRE(store->put(sample("test_null.a[0]"), &create));
  HistoryEntry other{0, "apply", "test_null.ab", "create", "", "", "", ""};
  REQUIRE(store->put(sample("test_null.ab"), &other));
  HistoryEntry destroy{0, "destroy", "test_null.a[0]", "delete", "", "", "", ""};
  REQUIRE(store->remove("test_null.a[0]", "", &destroy));

  auto rows = store->history("test_null.a");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].action == "create");
  CHECK(rows[0].before_hash.empty());
  CHECK(rows[0].after_hash.size() == 64);
  CHECK(rows[0].serial == 1);  // the serial this run will end with
  CHECK_FALSE(rows[0].time.empty());
  CHECK_FALSE(rows[0].user.empty());
  CHECK(rows[1].before_hash == rows[0].after_hash);
  CHECK(rows[1].after_hash.empty());
  CHECK(store->history().size() == 3);
}

TEST_CASE("commits from 8 threads at once all land") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto address = "test_null.w" + std::to_string(t) + "[" + std::to_string(i) + "]";
        HistoryEntry row{0, "apply", address, "create", "", "", "", ""};
        if (!store->put(sample(address), &row)) ++failures;
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK(failures == 0);
  CHECK(store->resources().size() == 200);
  CHECK(store->history().size() == 200);
}

TEST_CASE("a transaction that fails leaves nothing behind") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  REQUIRE(store->put(sample("test_null.keep")));
  Status status = store->transaction([&]() -> Status {
    REQUIRE(store->put(sample("test_null.a")));
    REQUIRE(store->remove("test_null.keep", ""));
    REQUIRE(store->bump_serial());
    return Status::error("stop");
  });
  CHECK_FALSE(status);
  auto all = store->resources();
  REQUIRE(all.size() == 1);
  CHECK(all[0].address == "test_null.keep");
  CHECK(store->serial() == 0);
}

TEST_CASE("a read-only store never writes") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  { REQUIRE(open_store(path)->put(sample("test_null.a"))); }
  auto before = read_bytes(path);
  OpenOptions options;
  options.read_only = true;
  auto store = open_store(path, options);
  CHECK(store->resources().size() == 1);
  CHECK_FALSE(store->put(sample("test_null.b")));
  CHECK_FALSE(store->bump_serial());
  LockInfo holder;
  CHECK_FALSE(store->lock("plan", &holder));
  store.reset();
  CHECK(read_bytes(path) == before);
}
