// The emulator's durable state: every resource (its ARM body plus private
// bookkeeping), every long-running operation and a few settings, in SQLite
// (WAL) so a restart finds what was there. Reads come from an in-memory copy;
// each change is written through at once. Not thread-safe: the caller locks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"

struct sqlite3;

namespace forma::emulator {

struct StoredResource {
  std::string id;                  // canonical case, e.g. /subscriptions/…/resourceGroups/rg
  std::string type;                // e.g. Microsoft.Resources/resourceGroups
  json body;                       // what GET answers, before live fields are filled in
  json internal = json::object();  // what the emulator keeps to itself (keys, allocation …)
};

struct StoredOperation {
  std::string id;
  std::string kind;  // "create", "update" or "delete"
  std::string resource_id;
  std::string provider;  // "Microsoft.BatchAI", "Microsoft.Storage", "Microsoft.Network" …
  std::string location;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool failed = false;
  bool applied = false;  // its effect on the resource has been made
};

std::string resource_key(const std::string& id);  // lower-cased id

class Store {
 public:
  Store() = default;
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Status open(const std::string& path);
  void close();

  const StoredResource* find(const std::string& id) const;
  void put(const StoredResource& resource);
  // Removes the resource and everything whose id lies under it.
  void erase_tree(const std::string& id);
  // Resources of `type` (case-insensitive) directly or indirectly under `parent_id`.
  std::vector<const StoredResource*> under(const std::string& parent_id, const std::string& type) const;
  std::vector<const StoredResource*> all() const;

  const StoredOperation* find_operation(const std::string& id) const;
  void put_operation(const StoredOperation& operation);
  std::vector<StoredOperation> pending_operations() const;

  std::optional<std::string> setting(const std::string& key) const;
  void put_setting(const std::string& key, const std::string& value);

  // Forgets every resource and operation (settings stay).
  void clear();
  // False once a write failed; the message says which.
  bool healthy() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  Status load();
  void exec(const char* sql);
  void write(const char* sql, const std::vector<std::string>& text, const std::vector<int64_t>& numbers = {});

  sqlite3* db_ = nullptr;
  std::map<std::string, StoredResource> resources_;  // by resource_key
  std::map<std::string, StoredOperation> operations_;
  std::map<std::string, std::string> settings_;
  std::string error_;
};

}  // namespace forma::emulator
