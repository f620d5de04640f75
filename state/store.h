// The SQLite state store (see DESIGN.md "State"). One file, WAL, every
// resource change its own durable transaction. Thread-safe: the apply engine
// commits from many worker threads through one Store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"

namespace forma::state {

enum class ResourceStatus { Creating, Created, Tainted, Deleting };
std::string to_string(ResourceStatus s);  // "creating" ...

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
  // lock is held; `info` is filled with the holder.
  virtual Status lock(const std::string& operation, LockInfo* holder) = 0;
  virtual Status unlock() = 0;
  virtual Status force_unlock(const std::string& lock_id) = 0;
};

}  // namespace forma::state
