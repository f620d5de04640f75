// The test provider's pretend cloud: a SQLite file shared by every plugin
// process pointed at it, so tests can see exactly what was created, changed
// and deleted, and when.
//   objects(id TEXT PRIMARY KEY, type TEXT, token TEXT, attributes TEXT,
//           created_at REAL, deleted_at REAL)
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/base/status.h"
#include "engine/base/value.h"

struct sqlite3;

namespace forma::testprovider {

class CloudDb {
 public:
  // Opens (creating if missing) the file in WAL mode with a busy timeout.
  static std::unique_ptr<CloudDb> open(const std::string& path, std::string& error);
  ~CloudDb();
  CloudDb(const CloudDb&) = delete;
  CloudDb& operator=(const CloudDb&) = delete;

  // A new live row; replaces a deleted row with the same id.
  Status insert(const std::string& id, const std::string& type, const std::string& token,
                const json& attributes, double created_at);
  Status update(const std::string& id, const json& attributes);
  Status mark_deleted(const std::string& id, double deleted_at);
  // The attributes of a live (not deleted) row.
  std::optional<json> find(const std::string& id);
  std::optional<json> find_by_token(const std::string& type, const std::string& token);

 private:
  explicit CloudDb(sqlite3* db) : db_(db) {}
  Status exec(const char* sql);
  sqlite3* db_;
  std::mutex mu_;  // one connection, used by many request threads
};

// Unix time in seconds with a fractional part.
double unix_time_now();

}  // namespace forma::testprovider
