// A thin RAII layer over the SQLite C API: a connection that owns its cached
// prepared statements, and a statement with typed binds and column reads.
// Errors come back as Status carrying sqlite3_errmsg; nothing throws.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "engine/base/status.h"

namespace forma::state {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Binds are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  Statement& bind(int index, const std::string& text);
  Statement& bind(int index, int64_t number);
  Statement& bind_null(int index);

  // Steps once: true while a row is available, false when done or failed.
  bool step();
  // The result of the last step(): ok, or the error message.
  Status status() const;
  // Runs to completion (for writes) and resets; returns the outcome.
  Status run();
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int last_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens with the given SQLITE_OPEN_* flags; check ok() afterwards.
  Connection(const std::string& path, int flags);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Status open_status() const { return open_status_; }
  sqlite3* handle() const { return db_; }

  // Runs one or more statements without results.
  Status exec(const std::string& sql);
  // A statement prepared once and reused; reset before it is handed out.
  // nullptr (with `status` set) when the SQL does not compile.
  Statement* cached(const std::string& sql, Status& status);
  // A one-off statement for queries run rarely.
  std::unique_ptr<Statement> prepare(const std::string& sql, Status& status);
  // The first column of the first row ("" when there is no row).
  Status query_text(const std::string& sql, std::string& out);
  int64_t changes() const { return sqlite3_changes64(db_); }
  void clear_cache() { cache_.clear(); }

 private:
  sqlite3* db_ = nullptr;
  Status open_status_;
  std::map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace forma::state
