#include "state/sqlite_store.h"

#include <map>

#include "engine/base/text.h"
#include "state/address.h"
#include "state/process_identity.h"

namespace forma::state {
namespace {

const char* kReadOnly = "the state was opened read-only";

// Most rows hold no private data and no sensitive paths: "{}" and "[]" are
// answered without starting the parser, once per row of a 100k-row state.
json parse_or_string(const std::string& text) {
  if (text == "{}") return json::object();
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

std::vector<std::string> string_list(const std::string& text) {
  if (text == "[]" || text.empty()) return {};
  json value = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::string to_string(ResourceStatus s) {
  switch (s) {
    case ResourceStatus::Creating: return "creating";
    case ResourceStatus::Created: return "created";
    case ResourceStatus::Tainted: return "tainted";
    case ResourceStatus::Deleting: return "deleting";
  }
  return "created";
}

std::optional<ResourceStatus> resource_status_from(const std::string& text) {
  for (auto s : {ResourceStatus::Creating, ResourceStatus::Created, ResourceStatus::Tainted,
                 ResourceStatus::Deleting})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

SqliteStore::SqliteStore(std::string path, std::unique_ptr<Connection> db, bool read_only)
    : path_(std::move(path)), db_(std::move(db)), read_only_(read_only) {}

SqliteStore::~SqliteStore() {
  // A lock must not outlive the process that took it.
  if (held_) (void)unlock();
  release_liveness_lock(liveness_fd_);
}

Status SqliteStore::write(const std::function<Status()>& body) {
  if (read_only_) return Status::error(kReadOnly);
  const bool outermost = depth_ == 0;
  const std::string savepoint = "forma_" + std::to_string(depth_);
  if (Status s = db_->exec(outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint); !s) return s;
  ++depth_;
  Status result;
  try {
    result = body();
  } catch (const std::exception& e) {
    result = Status::error(e.what());
  }
  --depth_;
  if (result) {
    Status done = db_->exec(outermost ? "COMMIT" : "RELEASE " + savepoint);
    if (done) return done;
    result = done;
  }
  (void)db_->exec(outermost ? "ROLLBACK" : "ROLLBACK TO " + savepoint + "; RELEASE " + savepoint);
  return result;
}

Status SqliteStore::read_meta(const std::string& key, std::string& value) const {
  Status status;
  Statement* q = db_->cached("SELECT value FROM meta WHERE key = ?", status);
  if (!q) return status;
  q->bind(1, key);
  value.clear();
  if (q->step()) value = q->text(0);
  status = q->status();
  q->reset();
  return status;
}

Status SqliteStore::write_meta(const std::string& key, const std::string& value) {
  Status status;
  Statement* q = db_->cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", status);
  if (!q) return status;
  return q->bind(1, key).bind(2, value).run();
}

std::string SqliteStore::lineage() const {
  std::lock_guard guard(mu_);
  std::string value;
  (void)read_meta("lineage", value);
  return value;
}

int64_t SqliteStore::serial() const {
  std::lock_guard guard(mu_);
  std::string value;
  (void)read_meta("serial", value);
  try {
    return std::stoll(value);
  } catch (const std::exception&) {
    return 0;
  }
}

bool SqliteStore::encrypted() const {
  std::lock_guard guard(mu_);
  return cipher_.has_value();
}

std::string SqliteStore::hash_of(const json& plaintext_attributes) const {
  std::string text = plaintext_attributes.dump();
  // With a key the hash is keyed, so history never holds a plain hash of a secret.
  return cipher_ ? cipher_->keyed_hash(text) : sha256_hex(text);
}

std::string SqliteStore::current_hash(const std::string& address, const std::string& deposed) const {
  Status status;
  Statement* q = db_->cached(
      "SELECT attributes, sensitive_paths FROM resources WHERE address = ? AND deposed = ?", status);
  if (!q) return "";
  q->bind(1, address).bind(2, deposed);
  std::string hash;
  if (q->step()) {
    json attributes = parse_or_string(q->text(0));
    if (cipher_) (void)cipher_->open_paths(attributes, string_list(q->text(1)));
    hash = hash_of(attributes);
  }
  q->reset();
  return hash;
}

Status SqliteStore::write_object(const ResourceObject& o) {
  Status status;
  Statement* upsert = db_->cached(
      "INSERT INTO resources (address, deposed, mode, type, provider, schema_version, "
      "attributes, sensitive_paths, status, creation_token, private) VALUES (?,?,?,?,?,?,?,?,?,?,COALESCE(?11,'{}')) "
      "ON CONFLICT (address, deposed) DO UPDATE SET mode = excluded.mode, type = excluded.type, "
      "provider = excluded.provider, schema_version = excluded.schema_version, attributes = excluded.attributes, "
      "sensitive_paths = excluded.sensitive_paths, status = excluded.status, "
      "creation_token = excluded.creation_token, private = COALESCE(?11, private)",
      status);
  if (!upsert) return status;
  json stored = cipher_ ? cipher_->seal_paths(o.attributes, o.sensitive_paths) : o.attributes;
  upsert->bind(1, o.address).bind(2, o.deposed).bind(3, o.mode).bind(4, o.type).bind(5, o.provider);
  upsert->bind(6, static_cast<int64_t>(o.schema_version)).bind(7, stored.dump());
  upsert->bind(8, json(o.sensitive_paths).dump()).bind(9, to_string(o.status)).bind(10, o.creation_token);
  if (o.private_data.is_null()) upsert->bind_null(11);
  else upsert->bind(11, o.private_data.dump());
  if (Status s = upsert->run(); !s) return s;

  Statement* clear = db_->cached("DELETE FROM dependencies WHERE address = ? AND deposed = ?", status);
  if (!clear) return status;
  if (Status s = clear->bind(1, o.address).bind(2, o.deposed).run(); !s) return s;
  Statement* add = db_->cached(
      "INSERT OR IGNORE INTO dependencies (address, deposed, depends_on) VALUES (?, ?, ?)", status);
  if (!add) return status;
  for (const auto& dep : o.dependencies)
    if (Status s = add->bind(1, o.address).bind(2, o.deposed).bind(3, dep).run(); !s) return s;
  return Status::ok();
}

Status SqliteStore::delete_object(const std::string& address, const std::string& deposed) {
  Status status;
  for (const char* sql : {"DELETE FROM resources WHERE address = ? AND deposed = ?",
                          "DELETE FROM dependencies WHERE address = ? AND deposed = ?"}) {
    Statement* q = db_->cached(sql, status);
    if (!q) return status;
    if (Status s = q->bind(1, address).bind(2, deposed).run(); !s) return s;
  }
  return Status::ok();
}

Status SqliteStore::append_history(const HistoryEntry& e, const std::string& before_hash,
                                   const std::string& after_hash) {
  int64_t serial_value = e.serial;
  if (serial_value == 0) {
    // Rows written during a run carry the serial that run will end with.
    std::string current;
    if (Status s = read_meta("serial", current); !s) return s;
    serial_value = std::atoll(current.c_str()) + 1;
  }
  Status status;
  Statement* q = db_->cached(
      "INSERT INTO history (serial, operation, address, action, time, user, before_hash, after_hash) "
      "VALUES (?,?,?,?,?,?,?,?)",
      status);
  if (!q) return status;
  q->bind(1, serial_value).bind(2, e.operation).bind(3, e.address).bind(4, e.action);
  q->bind(5, e.time.empty() ? utc_now_iso8601() : e.time);
  q->bind(6, e.user.empty() ? current_user() : e.user);
  q->bind(7, e.before_hash.empty() ? before_hash : e.before_hash);
  q->bind(8, e.after_hash.empty() ? after_hash : e.after_hash);
  return q->run();
}

Status SqliteStore::put(const ResourceObject& object, const HistoryEntry* history) {
  std::lock_guard guard(mu_);
  return write([&]() -> Status {
    std::string before = history ? current_hash(object.address, object.deposed) : "";
    if (Status s = write_object(object); !s) return s;
    if (history) return append_history(*history, before, hash_of(object.attributes));
    return Status::ok();
  });
}

Status SqliteStore::remove(const std::string& address, const std::string& deposed,
                           const HistoryEntry* history) {
  std::lock_guard guard(mu_);
  return write([&]() -> Status {
    std::string before = history ? current_hash(address, deposed) : "";
    if (Status s = delete_object(address, deposed); !s) return s;
    if (history) return append_history(*history, before, "");
    return Status::ok();
  });
}

Status SqliteStore::set_outputs(const std::vector<OutputValue>& outputs) {
  std::lock_guard guard(mu_);
  return write([&]() -> Status {
    if (Status s = db_->exec("DELETE FROM outputs"); !s) return s;
    Status status;
    Statement* q = db_->cached("INSERT OR REPLACE INTO outputs (name, value, sensitive) VALUES (?,?,?)", status);
    if (!q) return status;
    for (const auto& o : outputs) {
      json stored = (o.sensitive && cipher_ && !is_sealed(o.value)) ? cipher_->seal(o.value) : o.value;
      if (Status s = q->bind(1, o.name).bind(2, stored.dump()).bind(3, int64_t{o.sensitive}).run(); !s)
        return s;
    }
    return Status::ok();
  });
}

Status SqliteStore::bump_serial() {
  std::lock_guard guard(mu_);
  return write([&]() -> Status {
    return db_->exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'serial'");
  });
}

Status SqliteStore::transaction(const std::function<Status()>& body) {
  std::lock_guard guard(mu_);
  return write(body);
}

std::vector<ResourceObject> SqliteStore::read_resources(bool as_stored) const {
  std::vector<ResourceObject> out;
  Status status;
  auto q = db_->prepare(
      "SELECT address, deposed, mode, type, provider, schema_version, attributes, sensitive_paths, "
      "status, creation_token, private FROM resources ORDER BY address, deposed",
      status);
  if (!q) return out;
  while (q->step()) {
    ResourceObject o;
    o.address = q->text(0);
    o.deposed = q->text(1);
    o.mode = q->text(2);
    o.type = q->text(3);
    o.provider = q->text(4);
    o.schema_version = static_cast<int>(q->integer(5));
    o.attributes = parse_or_string(q->text(6));
    o.sensitive_paths = string_list(q->text(7));
    o.status = resource_status_from(q->text(8)).value_or(ResourceStatus::Created);
    o.creation_token = q->text(9);
    o.private_data = parse_or_string(q->text(10));
    if (!o.private_data.is_object()) o.private_data = json::object();
    if (cipher_ && !as_stored) (void)cipher_->open_paths(o.attributes, o.sensitive_paths);
    out.push_back(std::move(o));
  }
  auto deps = db_->prepare("SELECT address, deposed, depends_on FROM dependencies ORDER BY depends_on", status);
  if (!deps) return out;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (size_t i = 0; i < out.size(); ++i) index[{out[i].address, out[i].deposed}] = i;
  while (deps->step()) {
    auto it = index.find({deps->text(0), deps->text(1)});
    if (it != index.end()) out[it->second].dependencies.push_back(deps->text(2));
  }
  return out;
}

std::vector<OutputValue> SqliteStore::read_outputs(bool as_stored) const {
  std::vector<OutputValue> out;
  Status status;
  auto q = db_->prepare("SELECT name, value, sensitive FROM outputs ORDER BY name", status);
  if (!q) return out;
  while (q->step()) {
    OutputValue o{q->text(0), parse_or_string(q->text(1)), q->integer(2) != 0};
    if (cipher_ && !as_stored && is_sealed(o.value)) {
      Status open_status;
      if (auto v = cipher_->open(o.value, open_status)) o.value = std::move(*v);
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<ResourceObject> SqliteStore::resources() const {
  std::lock_guard guard(mu_);
  return read_resources(false);
}

std::vector<OutputValue> SqliteStore::outputs() const {
  std::lock_guard guard(mu_);
  return read_outputs(false);
}

std::vector<HistoryEntry> SqliteStore::history(const std::string& address_prefix) const {
  std::lock_guard guard(mu_);
  std::vector<HistoryEntry> out;
  Status status;
  auto q = db_->prepare(
      "SELECT serial, operation, address, action, time, user, before_hash, after_hash FROM history "
      "ORDER BY id",
      status);
  if (!q) return out;
  while (q->step()) {
    HistoryEntry e{q->integer(0), q->text(1), q->text(2), q->text(3),
                   q->text(4),    q->text(5), q->text(6), q->text(7)};
    if (address_prefix.empty() || address_has_prefix(e.address, address_prefix)) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace forma::state
