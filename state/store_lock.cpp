// The state lock: one row in `locks`, inserted in an IMMEDIATE transaction so
// two processes can never both see the table empty.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "engine/base/text.h"
#include "state/process_identity.h"
#include "state/sqlite_store.h"

namespace forma::state {

int take_liveness_lock(const std::string& state_path, LivenessLock& outcome) {
  const int fd = ::open((state_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    outcome = LivenessLock::Unavailable;
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
    outcome = LivenessLock::Taken;
    return fd;
  }
  outcome = errno == EWOULDBLOCK ? LivenessLock::Busy : LivenessLock::Unavailable;
  ::close(fd);
  return -1;
}

void release_liveness_lock(int& fd) {
  if (fd >= 0) ::close(fd);  // closing lets go of the flock
  fd = -1;
}

namespace {

// The holder's process has gone: same host, no such pid, and (when the file
// system can tell) nobody holds the liveness lock, which a live holder in
// another pid namespace with the same host name would.
bool is_stale(const LockInfo& info, LivenessLock liveness = LivenessLock::Unavailable) {
  return liveness != LivenessLock::Busy && info.host == current_host() && !process_is_running(info.pid);
}

std::string held_message(const LockInfo& info, LivenessLock liveness = LivenessLock::Unavailable) {
  std::string message = "state is locked by " + info.operation + " (pid " + std::to_string(info.pid) +
                        " on " + info.host + ", since " + clock_time_of(info.started) + ")";
  if (is_stale(info, liveness))
    message += "; that process is no longer running: the lock is stale, remove it with `forma force-unlock " +
               info.id + "`";
  return message;
}

}  // namespace

std::optional<LockInfo> SqliteStore::current_lock() const {
  std::lock_guard guard(mu_);
  Status status;
  Statement* q = db_->cached("SELECT id, pid, host, user, operation, started FROM locks", status);
  if (!q) return std::nullopt;
  std::optional<LockInfo> info;
  if (q->step()) info = LockInfo{q->text(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5)};
  q->reset();
  return info;
}

std::optional<LockInfo> SqliteStore::held_lock() const {
  std::lock_guard guard(mu_);
  return held_;
}

Status SqliteStore::lock(const std::string& operation, LockInfo* holder) {
  std::lock_guard guard(mu_);
  if (read_only_) return Status::error("cannot lock a state opened read-only");
  if (held_) {
    if (holder) *holder = *held_;
    return Status::ok();
  }
  LivenessLock liveness = LivenessLock::Unavailable;
  release_liveness_lock(liveness_fd_);
  liveness_fd_ = take_liveness_lock(path_, liveness);
  LockInfo mine{random_uuid(), current_pid(), current_host(), current_user(), operation, utc_now_iso8601()};
  std::optional<LockInfo> replaced;
  Status result = write([&]() -> Status {
    if (auto current = current_lock()) {
      // Taken over only when the kernel vouches that its holder is gone too.
      if (liveness != LivenessLock::Taken || !is_stale(*current, liveness)) {
        mine = *current;
        return Status::error(held_message(*current, liveness));
      }
      replaced = current;
      if (Status s = db_->exec("DELETE FROM locks"); !s) return s;
    }
    Status status;
    Statement* q = db_->cached(
        "INSERT INTO locks (singleton, id, pid, host, user, operation, started) VALUES (1,?,?,?,?,?,?)", status);
    if (!q) return status;
    q->bind(1, mine.id).bind(2, mine.pid).bind(3, mine.host).bind(4, mine.user);
    return q->bind(5, mine.operation).bind(6, mine.started).run();
  });
  if (holder) *holder = mine;
  if (result) {
    held_ = mine;
    replaced_ = replaced;
  } else {
    release_liveness_lock(liveness_fd_);
  }
  return result;
}

std::optional<LockInfo> SqliteStore::replaced_lock() const {
  std::lock_guard guard(mu_);
  return replaced_;
}

Status SqliteStore::unlock() {
  std::lock_guard guard(mu_);
  if (!held_) return Status::ok();
  std::string id = held_->id;
  Status result = write([&]() -> Status {
    Status status;
    Statement* q = db_->cached("DELETE FROM locks WHERE id = ?", status);
    if (!q) return status;
    return q->bind(1, id).run();
  });
  if (result) {
    held_.reset();
    release_liveness_lock(liveness_fd_);
  }
  return result;
}

Status SqliteStore::force_unlock(const std::string& lock_id) {
  std::lock_guard guard(mu_);
  return write([&]() -> Status {
    auto current = current_lock();
    if (!current) return Status::error("the state is not locked");
    if (current->id != lock_id)
      return Status::error("lock ID " + quote(lock_id) + " does not match the current lock " +
                           quote(current->id) + " (" + held_message(*current) + ")");
    if (Status s = db_->exec("DELETE FROM locks"); !s) return s;
    if (held_ && held_->id == lock_id) held_.reset();
    return Status::ok();
  });
}

Status Store::lock_with_timeout(const std::string& operation, int64_t timeout_ms, LockInfo* holder) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    LockInfo current;
    Status status = lock(operation, &current);
    if (holder) *holder = current;
    // Only a live holder can let go; anything else will not change by waiting.
    bool worth_waiting = !status && current_lock() && !is_stale(current);
    if (status || !worth_waiting || Clock::now() >= deadline) {
      if (!status && worth_waiting && timeout_ms > 0)
        return Status::error(status.message() + "; gave up after " +
                             format_duration(static_cast<double>(timeout_ms) / 1000.0));
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace forma::state
