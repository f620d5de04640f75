#include <catch2/catch.hpp>
#include <random>

#include "state/sqlite_db.h"
#include "state_test_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

namespace {

std::string make_state_with_rows(const std::string& path, int rows) {
  {
    auto store = open_store(path);
    for (int i = 0; i < rows; ++i)
      REQUIRE(store->put(sample("test_null.r[" + std::to_string(i) + "]", {{"id", std::string(200, 'x')}})));
  }
  return read_bytes(path);
}

// Opens in both modes; both must fail with `expected` and leave the bytes alone.
void require_refused(const std::string& path, const std::string& expected) {
  auto before = read_bytes(path);
  for (bool read_only : {false, true}) {
    OpenOptions options;
    options.read_only = read_only;
    Status status;
    CHECK_FALSE(Store::open(path, options, status));
    INFO(status.message());
    CHECK(status.message().find(expected) != std::string::npos);
    CHECK(status.message().find(path) != std::string::npos);
  }
  CHECK(read_bytes(path) == before);
}

}  // namespace

TEST_CASE("a text file is not a forma state database and is left unchanged") {
  ScratchDir dir;
  auto path = dir.file("notes.txt");
  write_bytes(path, "these are my notes\n");
  require_refused(path, "is not a forma state database (not an SQLite database file)");
}

TEST_CASE("a file of random bytes is refused and left unchanged") {
  ScratchDir dir;
  auto path = dir.file("random.db");
  std::mt19937 rng(42);
  std::string bytes(8192, '\0');
  for (auto& b : bytes) b = static_cast<char>(rng());
  write_bytes(path, bytes);
  require_refused(path, "is not a forma state database");
}

TEST_CASE("an SQLite file of another application is not a forma state database") {
  ScratchDir dir;
  auto path = dir.file("other.db");
  {
    Connection db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    REQUIRE(db.exec("CREATE TABLE songs (title TEXT)"));
  }
  require_refused(path, "is not a forma state database (it has no meta table)");
}

TEST_CASE("a truncated state file is reported as damaged and left unchanged") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto bytes = make_state_with_rows(path, 200);
  REQUIRE(bytes.size() > 16384);
  write_bytes(path, bytes.substr(0, bytes.size() / 2));
  require_refused(path, "is damaged: ");
  require_refused(path, "restore it from a backup (forma never overwrites it)");
}

TEST_CASE("a state file with scribbled pages is reported as damaged") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto bytes = make_state_with_rows(path, 200);
  std::mt19937 rng(7);
  for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(rng());
  write_bytes(path, bytes);
  require_refused(path, "is damaged: ");
}

TEST_CASE("a header without a body is reported as damaged") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  write_bytes(path, std::string("SQLite format 3\0", 16) + "abc");
  require_refused(path, "is damaged: the file is truncated");
}

TEST_CASE("an empty file becomes a new state") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  write_bytes(path, "");
  auto store = open_store(path);
  CHECK(store->resources().empty());
  CHECK(store->put(sample("test_null.a")));
}
