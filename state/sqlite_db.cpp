#include "state/sqlite_db.h"

namespace forma::state {

Statement& Statement::bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, int64_t number) {
  sqlite3_bind_int64(stmt_, index, number);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  last_rc_ = sqlite3_step(stmt_);
  return last_rc_ == SQLITE_ROW;
}

Status Statement::status() const {
  if (last_rc_ == SQLITE_OK || last_rc_ == SQLITE_ROW || last_rc_ == SQLITE_DONE) return Status::ok();
  return Status::error(sqlite3_errmsg(db_));
}

Status Statement::run() {
  while (step()) {
  }
  Status result = status();
  reset();
  return result;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  last_rc_ = SQLITE_OK;
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Connection::Connection(const std::string& path, int flags) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    open_status_ = Status::error(db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  }
  if (db_) sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::ok();
  std::string message = err ? err : sqlite3_errmsg(db_);
  sqlite3_free(err);
  return Status::error(message);
}

std::unique_ptr<Statement> Connection::prepare(const std::string& sql, Status& status) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    status = Status::error(sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return nullptr;
  }
  status = Status::ok();
  return std::make_unique<Statement>(db_, stmt);
}

Statement* Connection::cached(const std::string& sql, Status& status) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->reset();
    status = Status::ok();
    return it->second.get();
  }
  auto stmt = prepare(sql, status);
  if (!stmt) return nullptr;
  return cache_.emplace(sql, std::move(stmt)).first->second.get();
}

Status Connection::query_text(const std::string& sql, std::string& out) {
  Status status;
  auto stmt = prepare(sql, status);
  if (!stmt) return status;
  out.clear();
  if (stmt->step()) out = stmt->text(0);
  return stmt->status();
}

}  // namespace forma::state
