#include "providers/azure/emulator/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace forma::emulator {
namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS resources (key TEXT PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL,
                                      body TEXT NOT NULL, internal TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, resource_id TEXT NOT NULL,
                                       provider TEXT NOT NULL, location TEXT NOT NULL, start_ms INTEGER NOT NULL,
                                       end_ms INTEGER NOT NULL, failed INTEGER NOT NULL, applied INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string column_text(sqlite3_stmt* stmt, int i) {
  const unsigned char* text = sqlite3_column_text(stmt, i);
  return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

std::string resource_key(const std::string& id) {
  std::string key = lower(id);
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  return key;
}

Store::~Store() { close(); }

void Store::close() {
  if (db_) sqlite3_close(db_);
  db_ = nullptr;
}

Status Store::open(const std::string& path) {
  close();
  // Created private first: the state holds storage account keys. SQLite gives its -wal and -shm files the
  // same mode.
  if (const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0600); fd >= 0) ::close(fd);
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    close();
    return Status::error("cannot open the emulator's state " + path + ": " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  char* err = nullptr;
  const std::string setup = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") + kSchema;
  if (sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    close();
    return Status::error("cannot prepare the emulator's state " + path + ": " + message);
  }
  return load();
}

Status Store::load() {
  resources_.clear();
  operations_.clear();
  settings_.clear();
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db_, "SELECT id, type, body, internal FROM resources", -1, &stmt, nullptr);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    StoredResource r{column_text(stmt, 0), column_text(stmt, 1),
                     json::parse(column_text(stmt, 2), nullptr, false),
                     json::parse(column_text(stmt, 3), nullptr, false)};
    if (r.body.is_discarded() || r.internal.is_discarded()) {
      sqlite3_finalize(stmt);
      return Status::error("the emulator's state holds a damaged resource " + r.id);
    }
    resources_[resource_key(r.id)] = std::move(r);
  }
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db_,
                     "SELECT id, kind, resource_id, provider, location, start_ms, end_ms, failed, applied "
                     "FROM operations",
                     -1, &stmt, nullptr);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    StoredOperation op{column_text(stmt, 0),
                       column_text(stmt, 1),
                       column_text(stmt, 2),
                       column_text(stmt, 3),
                       column_text(stmt, 4),
                       sqlite3_column_int64(stmt, 5),
                       sqlite3_column_int64(stmt, 6),
                       sqlite3_column_int(stmt, 7) != 0,
                       sqlite3_column_int(stmt, 8) != 0};
    operations_[op.id] = op;
  }
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db_, "SELECT key, value FROM settings", -1, &stmt, nullptr);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) settings_[column_text(stmt, 0)] = column_text(stmt, 1);
  sqlite3_finalize(stmt);
  return Status::ok();
}

void Store::write(const char* sql, const std::vector<std::string>& text,
                  const std::vector<int64_t>& numbers) {
  if (!db_) return;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) == SQLITE_OK) {
    int i = 1;
    for (const auto& t : text)
      sqlite3_bind_text(stmt, i++, t.c_str(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
    for (int64_t n : numbers) sqlite3_bind_int64(stmt, i++, n);
    if (sqlite3_step(stmt) == SQLITE_DONE) {
      sqlite3_finalize(stmt);
      return;
    }
  }
  error_ = std::string("the emulator's state could not be written: ") + sqlite3_errmsg(db_);
  std::fprintf(stderr, "forma-azure-emulator: %s\n", error_.c_str());
  sqlite3_finalize(stmt);
}

void Store::exec(const char* sql) {
  if (db_ && sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    error_ = std::string("the emulator's state could not be written: ") + sqlite3_errmsg(db_);
}

const StoredResource* Store::find(const std::string& id) const {
  auto it = resources_.find(resource_key(id));
  return it == resources_.end() ? nullptr : &it->second;
}

void Store::put(const StoredResource& resource) {
  const std::string key = resource_key(resource.id);
  resources_[key] = resource;
  write("INSERT OR REPLACE INTO resources (key, id, type, body, internal) VALUES (?, ?, ?, ?, ?)",
        {key, resource.id, resource.type, resource.body.dump(), resource.internal.dump()});
}

void Store::erase_tree(const std::string& id) {
  const std::string key = resource_key(id);
  const std::string below = key + "/";
  for (auto it = resources_.begin(); it != resources_.end();)
    it = (it->first == key || it->first.starts_with(below)) ? resources_.erase(it) : std::next(it);
  // "/" sorts before every character allowed in names, so [below, below + 0x7f) is the subtree.
  write("DELETE FROM resources WHERE key = ? OR (key >= ? AND key < ?)", {key, below, key + "0"});
}

std::vector<const StoredResource*> Store::under(const std::string& parent_id, const std::string& type) const {
  const std::string below = resource_key(parent_id) + "/";
  const std::string wanted = lower(type);
  std::vector<const StoredResource*> out;
  for (auto it = resources_.lower_bound(below); it != resources_.end() && it->first.starts_with(below); ++it)
    if (lower(it->second.type) == wanted) out.push_back(&it->second);
  return out;
}

std::vector<const StoredResource*> Store::all() const {
  std::vector<const StoredResource*> out;
  for (const auto& [key, r] : resources_) out.push_back(&r);
  return out;
}

const StoredOperation* Store::find_operation(const std::string& id) const {
  auto it = operations_.find(id);
  return it == operations_.end() ? nullptr : &it->second;
}

void Store::put_operation(const StoredOperation& op) {
  operations_[op.id] = op;
  write(
      "INSERT OR REPLACE INTO operations (id, kind, resource_id, provider, location, start_ms, end_ms, "
      "failed, "
      "applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {op.id, op.kind, op.resource_id, op.provider, op.location},
      {op.start_ms, op.end_ms, op.failed ? 1 : 0, op.applied ? 1 : 0});
}

std::vector<StoredOperation> Store::pending_operations() const {
  std::vector<StoredOperation> out;
  for (const auto& [id, op] : operations_)
    if (!op.applied) out.push_back(op);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.end_ms < b.end_ms; });
  return out;
}

std::optional<std::string> Store::setting(const std::string& key) const {
  auto it = settings_.find(key);
  if (it == settings_.end()) return std::nullopt;
  return it->second;
}

void Store::put_setting(const std::string& key, const std::string& value) {
  settings_[key] = value;
  write("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", {key, value});
}

void Store::clear() {
  resources_.clear();
  operations_.clear();
  exec("DELETE FROM resources; DELETE FROM operations;");
}

}  // namespace forma::emulator
