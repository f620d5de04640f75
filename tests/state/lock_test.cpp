#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "state_test_support.h"
#include "tests/text_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

namespace {

using forma::testing::contains;

}  // namespace

TEST_CASE("a second store cannot take a held lock and is told who holds it") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto first = open_store(path);
  auto second = open_store(path);
  LockInfo mine;
  REQUIRE(first->lock("apply", &mine));
  CHECK(mine.pid == getpid());

  LockInfo holder;
  auto started = std::chrono::steady_clock::now();
  Status status = second->lock("plan", &holder);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  REQUIRE_FALSE(status);
  CHECK(holder.id == mine.id);
  CHECK(contains(status.message(), "state is locked by apply (pid " + std::to_string(getpid()) + " on "));
  CHECK(contains(status.message(), ", since "));
  CHECK_FALSE(contains(status.message(), "stale"));

  REQUIRE(first->unlock());
  CHECK(second->lock("plan", &holder));
  CHECK(second->current_lock()->operation == "plan");
}

TEST_CASE("lock_with_timeout waits for the holder to let go") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto first = open_store(path);
  auto second = open_store(path);
  REQUIRE(first->lock("apply", nullptr));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    (void)first->unlock();
  });
  Status status = second->lock_with_timeout("apply", 3000, nullptr);
  releaser.join();
  CHECK(status);
}

TEST_CASE("lock_with_timeout gives up after the timeout") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto first = open_store(path);
  auto second = open_store(path);
  REQUIRE(first->lock("apply", nullptr));
  auto started = std::chrono::steady_clock::now();
  Status status = second->lock_with_timeout("apply", 300, nullptr);
  auto waited = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(status);
  CHECK(waited >= std::chrono::milliseconds(300));
  CHECK(waited < std::chrono::seconds(2));
  CHECK(contains(status.message(), "gave up after"));
}

TEST_CASE("a lock left by a killed process is taken over by the next lock, which names it") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  { open_store(path); }
  pid_t child = fork();
  if (child == 0) {
    // The child takes the lock and dies as a SIGKILL leaves it: no unlock, no destructor.
    Status status;
    auto store = Store::open(path, {}, status);
    if (!store || !store->lock("apply", nullptr)) _exit(1);
    ::kill(::getpid(), SIGKILL);
    _exit(2);
  }
  int wstatus = 0;
  REQUIRE(waitpid(child, &wstatus, 0) == child);
  REQUIRE(WIFSIGNALED(wstatus));
  REQUIRE(WTERMSIG(wstatus) == SIGKILL);

  auto store = open_store(path);
  REQUIRE(store->current_lock());
  CHECK(store->current_lock()->pid == child);
  LockInfo mine;
  REQUIRE(store->lock("apply", &mine));
  CHECK(mine.pid == getpid());
  REQUIRE(store->replaced_lock());
  CHECK(store->replaced_lock()->pid == child);
  CHECK(store->current_lock()->pid == getpid());
  // Taken over means held: a second store is refused, and the lock is not stale.
  auto second = open_store(path);
  Status refused = second->lock("apply", nullptr);
  REQUIRE_FALSE(refused);
  CHECK_FALSE(contains(refused.message(), "stale"));
  REQUIRE(store->unlock());
  CHECK_FALSE(store->current_lock());
}

TEST_CASE("a lock whose pid looks dead is not taken while its holder keeps the liveness lock") {
  // A holder in another pid namespace on the same host name: its pid means nothing here.
  ScratchDir dir;
  auto path = dir.file("s.db");
  auto holder = open_store(path);
  REQUIRE(holder->lock("apply", nullptr));
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  REQUIRE(waitpid(gone, nullptr, 0) == gone);
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const std::string sql = "UPDATE locks SET pid = " + std::to_string(gone);
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto other = open_store(path);
  LockInfo seen;
  Status status = other->lock("apply", &seen);
  REQUIRE_FALSE(status);
  CHECK(seen.pid == gone);
  CHECK_FALSE(contains(status.message(), "stale"));
  CHECK_FALSE(other->replaced_lock());
  // force-unlock still removes it, as a user who knows better would.
  REQUIRE(other->force_unlock(seen.id));
  CHECK(other->lock("apply", nullptr));
}

TEST_CASE("force-unlock of an unlocked state is an error") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  Status status = store->force_unlock("abc");
  REQUIRE_FALSE(status);
  CHECK(contains(status.message(), "not locked"));
}

TEST_CASE("closing a store releases its lock") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  {
    auto store = open_store(path);
    REQUIRE(store->lock("apply", nullptr));
  }
  auto store = open_store(path);
  CHECK_FALSE(store->current_lock());
}
