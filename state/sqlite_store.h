// The Store implementation over one SQLite connection. Private to state/:
// everyone else sees store.h.
#pragma once

#include <mutex>
#include <optional>

#include "state/secret_cipher.h"
#include "state/sqlite_db.h"
#include "state/store.h"

namespace forma::state {

// Whether flock(PATH.lock) was got; Busy: a live process holds it;
// Unavailable: the file system cannot say.
enum class LivenessLock { Taken, Busy, Unavailable };
// The descriptor holding the flock (-1 unless Taken).
int take_liveness_lock(const std::string& state_path, LivenessLock& outcome);
void release_liveness_lock(int& fd);

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, std::unique_ptr<Connection> db, bool read_only);
  ~SqliteStore() override;

  // Called by open(): installs the key after checking it against meta.
  Status configure_key(const std::optional<std::string>& key);

  std::string lineage() const override;
  int64_t serial() const override;
  bool encrypted() const override;
  std::string path() const override { return path_; }

  std::vector<ResourceObject> resources() const override;
  std::vector<OutputValue> outputs() const override;
  std::vector<HistoryEntry> history(const std::string& address_prefix) const override;
  StateSnapshot snapshot(bool as_stored) const override;

  Status put(const ResourceObject& object, const HistoryEntry* history) override;
  Status remove(const std::string& address, const std::string& deposed,
                const HistoryEntry* history) override;
  Status set_outputs(const std::vector<OutputValue>& outputs) override;
  Status bump_serial() override;
  Status transaction(const std::function<Status()>& body) override;
  Status replace_all(const StateSnapshot& snapshot, const HistoryEntry* history) override;
  Status rekey(const std::optional<std::string>& new_key) override;

  Status lock(const std::string& operation, LockInfo* holder) override;
  Status unlock() override;
  Status force_unlock(const std::string& lock_id) override;
  std::optional<LockInfo> held_lock() const override;
  std::optional<LockInfo> current_lock() const override;
  std::optional<LockInfo> replaced_lock() const override;

 private:
  // Runs `body` in a write transaction: BEGIN IMMEDIATE at the outermost
  // level, a savepoint inside transaction(). Caller holds mu_.
  Status write(const std::function<Status()>& body);
  Status read_meta(const std::string& key, std::string& value) const;
  Status write_meta(const std::string& key, const std::string& value);

  Status write_object(const ResourceObject& object);
  Status delete_object(const std::string& address, const std::string& deposed);
  Status append_history(const HistoryEntry& entry, const std::string& before_hash,
                        const std::string& after_hash);
  // Hash of the stored attributes of (address, deposed), "" when absent.
  std::string current_hash(const std::string& address, const std::string& deposed) const;
  std::string hash_of(const json& plaintext_attributes) const;

  std::vector<ResourceObject> read_resources(bool as_stored) const;
  std::vector<OutputValue> read_outputs(bool as_stored) const;
  // Sensitive values of a snapshot given to replace_all, opened to plaintext.
  Status open_sealed(StateSnapshot& snapshot) const;
  // Reseals every sensitive value from `from` to `to` (either may be none).
  Status reseal_all(const std::optional<SecretCipher>& from, const std::optional<SecretCipher>& to);

  std::string path_;
  std::unique_ptr<Connection> db_;
  bool read_only_;
  mutable std::recursive_mutex mu_;
  int depth_ = 0;  // nesting of write(): 0 outside any transaction
  std::optional<SecretCipher> cipher_;
  std::optional<LockInfo> held_;
  std::optional<LockInfo> replaced_;
  // An flock on PATH.lock while held_: the kernel lets go of it when the
  // process dies however it dies, which tells a dead holder from a live one.
  int liveness_fd_ = -1;
};


}  // namespace forma::state
