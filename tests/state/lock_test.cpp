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

TEST_CASE("a lock left by a dead process is reported as stale and force-unlock removes it") {
  ScratchDir dir;
  auto path = dir.file("s.db");
  { open_store(path); }
  pid_t child = fork();
  if (child == 0) {
    // The child takes the lock and dies without releasing it.
    Status status;
    auto store = Store::open(path, {}, status);
    int code = store && store->lock("apply", nullptr) ? 0 : 1;
    _exit(code);
  }
  int wstatus = 0;
  REQUIRE(waitpid(child, &wstatus, 0) == child);
  REQUIRE(WEXITSTATUS(wstatus) == 0);

  auto store = open_store(path);
  LockInfo holder;
  Status status = store->lock("apply", &holder);
  REQUIRE_FALSE(status);
  CHECK(holder.pid == child);
  CHECK(contains(status.message(), "that process is no longer running: the lock is stale"));
  CHECK(contains(status.message(), "`forma force-unlock " + holder.id + "`"));
  // Waiting for a dead holder is pointless: it fails at once.
  auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(store->lock_with_timeout("apply", 5000, nullptr));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));

  CHECK_FALSE(store->force_unlock("not-the-id"));
  REQUIRE(store->force_unlock(holder.id));
  CHECK_FALSE(store->current_lock());
  CHECK(store->lock("apply", nullptr));
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
