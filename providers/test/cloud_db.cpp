#include "providers/test/cloud_db.h"

#include <sqlite3.h>

#include <chrono>

namespace forma::testprovider {
namespace {

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, double d) {
    sqlite3_bind_double(stmt_, i, d);
    return *this;
  }
  int step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  std::string text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Status step_done(sqlite3* db, Statement& stmt) {
  if (stmt.step() != SQLITE_DONE) return Status::error(std::string("cloud_db: ") + sqlite3_errmsg(db));
  return Status::ok();
}

std::optional<json> attributes_of_row(Statement& stmt) {
  if (stmt.step() != SQLITE_ROW) return std::nullopt;
  json attrs = json::parse(stmt.text(0), nullptr, /*allow_exceptions=*/false);
  if (attrs.is_discarded()) return std::nullopt;
  return attrs;
}

}  // namespace

double unix_time_now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<CloudDb> CloudDb::open(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    error = "cannot open cloud_db " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<CloudDb> cloud(new CloudDb(db));
  sqlite3_busy_timeout(db, 10000);  // several plugin processes may share the file
  Status s = cloud->exec("PRAGMA journal_mode=WAL");
  if (s) {
    s = cloud->exec(
        "CREATE TABLE IF NOT EXISTS objects(id TEXT PRIMARY KEY, type TEXT, token TEXT, attributes TEXT, "
        "created_at REAL, deleted_at REAL)");
  }
  if (!s) {
    error = "cannot use cloud_db " + path + ": " + s.message();
    return nullptr;
  }
  return cloud;
}

CloudDb::~CloudDb() { sqlite3_close(db_); }

Status CloudDb::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return Status::ok();
  std::string text = msg ? msg : "unknown error";
  sqlite3_free(msg);
  return Status::error(text);
}

Status CloudDb::insert(const std::string& id, const std::string& type, const std::string& token,
                       const json& attributes, double created_at) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement stmt(db_,
                 "INSERT OR REPLACE INTO objects(id, type, token, attributes, created_at, deleted_at) "
                 "VALUES(?, ?, ?, ?, ?, NULL)");
  stmt.bind(1, id).bind(2, type).bind(3, token).bind(4, attributes.dump(-1, ' ', false, json::error_handler_t::replace)).bind(5, created_at);
  return step_done(db_, stmt);
}

Status CloudDb::update(const std::string& id, const json& attributes) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement stmt(db_, "UPDATE objects SET attributes = ? WHERE id = ? AND deleted_at IS NULL");
  stmt.bind(1, attributes.dump(-1, ' ', false, json::error_handler_t::replace)).bind(2, id);
  return step_done(db_, stmt);
}

Status CloudDb::mark_deleted(const std::string& id, double deleted_at) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement stmt(db_, "UPDATE objects SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
  stmt.bind(1, deleted_at).bind(2, id);
  return step_done(db_, stmt);
}

std::optional<json> CloudDb::find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement stmt(db_, "SELECT attributes FROM objects WHERE id = ? AND deleted_at IS NULL");
  stmt.bind(1, id);
  return attributes_of_row(stmt);
}

std::optional<json> CloudDb::find_by_token(const std::string& type, const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement stmt(db_,
                 "SELECT attributes FROM objects WHERE type = ? AND token = ? AND deleted_at IS NULL "
                 "ORDER BY created_at DESC LIMIT 1");
  stmt.bind(1, type).bind(2, token);
  return attributes_of_row(stmt);
}

}  // namespace forma::testprovider
