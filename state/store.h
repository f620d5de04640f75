// The SQLite state store (see DESIGN.md "State"). One file, WAL, every
// resource change its own durable transaction. Thread-safe: the apply engine
// commits from many worker threads through one Store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"

namespace forma::state {

enum class ResourceStatus { Creating, Created, Tainted, Deleting };
std::string to_string(ResourceStatus s);  // "creating" ...
std::optional<ResourceStatus> resource_status_from(const std::string& text);

struct ResourceObject {
  std::string address;         // resource instance address: test_null.a, test_null.a[0], module.m.test_null.a["k"]
  std::string deposed;         // "" for the current object; a key for deposed ones (create_before_destroy)
  std::string mode = "managed";  // or "data"
  std::string type;            // test_null
  std::string provider;        // provider address: provider.test, provider.azure.west
  int schema_version = 0;
  json attributes = json::object();       // plaintext in memory; sensitive paths encrypted on disk when a key is set
  std::vector<std::string> sensitive_paths;  // JSON pointers inside attributes
  ResourceStatus status = ResourceStatus::Created;
  std::string creation_token;  // sent with the create; lets the provider find the object after a crash
  std::vector<std::string> dependencies;  // addresses of resources this one depends on
  // The engine's own data about the object, not an attribute: {"host_keys":
  // {"host:port": "ssh-ed25519 AAAA..."}}. Read as an object; on put, null
  // keeps what the row holds ({} for a new row).
  json private_data;
};

struct OutputValue {
  std::string name;
  json value;
  bool sensitive = false;
};

struct HistoryEntry {
  int64_t serial = 0;
  std::string operation;  // apply, destroy, import, state rm, ...
  std::string address;
  std::string action;     // create, update, replace, delete, forget, move, ...
  std::string time;       // ISO 8601 UTC
  std::string user;
  std::string before_hash;  // sha256 of attributes JSON, "" if none
  std::string after_hash;
};

struct LockInfo {
  std::string id;
  int64_t pid = 0;
  std::string host;
  std::string user;
  std::string operation;
  std::string started;  // ISO 8601 UTC
};

// The whole state at one moment: what `state pull` prints and `state push` loads.
struct StateSnapshot {
  int format_version = 0;
  std::string lineage;
  int64_t serial = 0;
  bool encrypted = false;  // sensitive values are {"$enc": ...} (snapshot(true) only)
  std::vector<ResourceObject> resources;
  std::vector<OutputValue> outputs;
};

struct OpenOptions {
  bool create_if_missing = true;
  std::optional<std::string> key;  // 32 raw bytes (decoded); encrypts sensitive values
  bool read_only = false;          // never writes, never creates
};

class Store {
 public:
  // Opens (or creates, mode 0600) the state file. A damaged file, a non-SQLite
  // file or one written by a newer forma is an error and is left untouched.
  static std::unique_ptr<Store> open(const std::string& path, const OpenOptions& options,
                                     Status& status);
  virtual ~Store() = default;

  virtual std::string lineage() const = 0;
  virtual int64_t serial() const = 0;
  virtual bool encrypted() const = 0;

  // Current and deposed objects, all of them, decrypted.
  virtual std::vector<ResourceObject> resources() const = 0;
  virtual std::vector<OutputValue> outputs() const = 0;

  // Each is one durable transaction. put replaces the object with the same
  // (address, deposed) and appends a history row when `history` is given.
  virtual Status put(const ResourceObject& object, const HistoryEntry* history = nullptr) = 0;
  virtual Status remove(const std::string& address, const std::string& deposed,
                        const HistoryEntry* history = nullptr) = 0;
  virtual Status set_outputs(const std::vector<OutputValue>& outputs) = 0;

  // Serial increases by one per run that changed anything: call once at the end.
  virtual Status bump_serial() = 0;

  virtual std::vector<HistoryEntry> history(const std::string& address_prefix = "") const = 0;

  // Locking. acquire fails at once with a message naming the holder when the
  // lock is held; `info` is filled with the holder. A lock whose process has
  // died (killed, crashed) is taken over: see replaced_lock().
  virtual Status lock(const std::string& operation, LockInfo* holder) = 0;
  virtual Status unlock() = 0;
  virtual Status force_unlock(const std::string& lock_id) = 0;

  // --- additions for the state commands ---

  // The path given to open().
  virtual std::string path() const = 0;

  // Runs `body` as one transaction: every put/remove/... it makes commits
  // together when it returns ok, and none does otherwise. Other threads wait.
  virtual Status transaction(const std::function<Status()>& body) = 0;

  // The whole state in one consistent read. With `as_stored`, sensitive
  // values stay sealed ({"$enc": ...}) exactly as on disk.
  virtual StateSnapshot snapshot(bool as_stored = false) const = 0;

  // Replaces lineage, serial, resources and outputs in one transaction
  // (history is kept). Sensitive values may be plaintext or sealed with this
  // store's key; a value sealed with another key is an error.
  virtual Status replace_all(const StateSnapshot& snapshot, const HistoryEntry* history = nullptr) = 0;

  // Re-encrypts every sensitive value with `new_key` (nullopt: store them in
  // plaintext) in one transaction, and scrubs the old bytes from the file.
  virtual Status rekey(const std::optional<std::string>& new_key) = 0;

  // lock(), retried every 100 ms for up to `timeout_ms` (-lock-timeout).
  Status lock_with_timeout(const std::string& operation, int64_t timeout_ms, LockInfo* holder);

  // The lock this store holds, if any.
  virtual std::optional<LockInfo> held_lock() const = 0;
  // The current lock holder, if any.
  virtual std::optional<LockInfo> current_lock() const = 0;
  // The lock of a dead process that this store's lock() replaced, if it did.
  virtual std::optional<LockInfo> replaced_lock() const { return std::nullopt; }
};

// The state key from `key_file` when given, else FORMA_STATE_KEY (base64 of
// 32 bytes). nullopt with ok status when neither is set.
std::optional<std::string> load_state_key(const std::string& key_file, Status& status);
// The one-line warning printed when state is written without a key.
std::string unencrypted_state_warning();

}  // namespace forma::state
