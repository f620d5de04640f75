// Whole-state operations: key setup, snapshot (pull), replace_all (push), rekey.
#include "engine/base/text.h"
#include "state/schema.h"
#include "state/sqlite_store.h"

namespace forma::state {
namespace {

bool any_sealed(const json& attributes, const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    try {
      json::json_pointer ptr(p);
      if (attributes.contains(ptr) && is_sealed(attributes[ptr])) return true;
    } catch (const json::exception&) {
      // A malformed pointer names no value.
    }
  }
  return false;
}

}  // namespace

Status SqliteStore::configure_key(const std::optional<std::string>& key) {
  std::lock_guard guard(mu_);
  std::string check;
  if (Status s = read_meta("key_check", check); !s) return s;
  std::optional<SecretCipher> cipher;
  if (key) {
    Status status;
    cipher = SecretCipher::from_key(*key, status);
    if (!cipher) return status;
  }
  if (!check.empty()) {
    if (!cipher)
      return Status::error("state file " + quote(path_) +
                           " has encrypted sensitive values: set FORMA_STATE_KEY or pass -state-key-file");
    if (!cipher->matches_key_check(check))
      return Status::error("the state key is not the one state file " + quote(path_) +
                           " was encrypted with (wrong key); nothing was changed");
    cipher_ = std::move(cipher);
    return Status::ok();
  }
  // An unencrypted state opened with a key adopts it (read-only: nothing to decrypt).
  if (!cipher || read_only_) return Status::ok();
  return rekey(key);
}

StateSnapshot SqliteStore::snapshot(bool as_stored) const {
  std::lock_guard guard(mu_);
  StateSnapshot out;
  // One read transaction, so resources and meta come from the same commit.
  bool own_transaction = depth_ == 0 && db_->exec("BEGIN").is_ok();
  out.format_version = kFormatVersion;
  (void)read_meta("lineage", out.lineage);
  std::string serial_text;
  (void)read_meta("serial", serial_text);
  out.serial = std::atoll(serial_text.c_str());
  out.encrypted = as_stored && cipher_.has_value();
  out.resources = read_resources(as_stored);
  out.outputs = read_outputs(as_stored);
  if (own_transaction) (void)db_->exec("COMMIT");
  return out;
}

Status SqliteStore::open_sealed(StateSnapshot& snapshot) const {
  const std::string wrong_key = "the document holds values encrypted with a key other than this state's";
  for (auto& r : snapshot.resources) {
    if (!any_sealed(r.attributes, r.sensitive_paths)) continue;
    if (!cipher_) return Status::error("the document holds encrypted values but no state key is set");
    if (Status s = cipher_->open_paths(r.attributes, r.sensitive_paths); !s)
      return Status::error(wrong_key + " (" + r.address + ")");
  }
  for (auto& o : snapshot.outputs) {
    if (!is_sealed(o.value)) continue;
    if (!cipher_) return Status::error("the document holds encrypted values but no state key is set");
    Status status;
    auto value = cipher_->open(o.value, status);
    if (!value) return Status::error(wrong_key + " (output " + o.name + ")");
    o.value = std::move(*value);
  }
  return Status::ok();
}

Status SqliteStore::replace_all(const StateSnapshot& snapshot, const HistoryEntry* history) {
  std::lock_guard guard(mu_);
  StateSnapshot plain = snapshot;
  if (Status s = open_sealed(plain); !s) return s;
  return write([&]() -> Status {
    if (Status s = db_->exec("DELETE FROM resources; DELETE FROM dependencies"); !s) return s;
    for (const auto& r : plain.resources)
      if (Status s = write_object(r); !s) return s;
    if (Status s = set_outputs(plain.outputs); !s) return s;
    if (Status s = write_meta("lineage", plain.lineage); !s) return s;
    if (Status s = write_meta("serial", std::to_string(plain.serial)); !s) return s;
    if (history) return append_history(*history, "", "");
    return Status::ok();
  });
}

Status SqliteStore::reseal_all(const std::optional<SecretCipher>& from, const std::optional<SecretCipher>& to) {
  Status status;
  auto rows = db_->prepare("SELECT address, deposed, attributes, sensitive_paths FROM resources", status);
  if (!rows) return status;
  auto update = db_->prepare("UPDATE resources SET attributes = ? WHERE address = ? AND deposed = ?", status);
  if (!update) return status;
  while (rows->step()) {
    json attributes = json::parse(rows->text(2), nullptr, false);
    json paths = json::parse(rows->text(3), nullptr, false);
    if (attributes.is_discarded() || !paths.is_array()) continue;
    auto path_list = paths.get<std::vector<std::string>>();
    if (from)
      if (Status s = from->open_paths(attributes, path_list); !s) return s;
    if (to) attributes = to->seal_paths(attributes, path_list);
    if (Status s = update->bind(1, attributes.dump()).bind(2, rows->text(0)).bind(3, rows->text(1)).run(); !s)
      return s;
  }
  if (Status s = rows->status(); !s) return s;

  auto outs = db_->prepare("SELECT name, value FROM outputs WHERE sensitive = 1", status);
  if (!outs) return status;
  auto set = db_->prepare("UPDATE outputs SET value = ? WHERE name = ?", status);
  if (!set) return status;
  while (outs->step()) {
    json value = json::parse(outs->text(1), nullptr, false);
    if (from && is_sealed(value)) {
      auto opened = from->open(value, status);
      if (!opened) return status;
      value = std::move(*opened);
    }
    if (to) value = to->seal(value);
    if (Status s = set->bind(1, value.dump()).bind(2, outs->text(0)).run(); !s) return s;
  }
  return outs->status();
}

Status SqliteStore::rekey(const std::optional<std::string>& new_key) {
  std::lock_guard guard(mu_);
  // The cipher switches when the transaction commits; inside an outer one
  // that could still roll back, it would no longer match the file.
  if (depth_ > 0) return Status::error("rekey cannot run inside another transaction");
  std::optional<SecretCipher> next;
  if (new_key) {
    Status status;
    next = SecretCipher::from_key(*new_key, status);
    if (!next) return status;
  }
  Status result = write([&]() -> Status {
    if (Status s = reseal_all(cipher_, next); !s) return s;
    if (next) return write_meta("key_check", next->make_key_check());
    return db_->exec("DELETE FROM meta WHERE key = 'key_check'");
  });
  if (!result) return result;
  cipher_ = std::move(next);
  // Old page images (plaintext or under the old key) live on in the WAL until
  // a checkpoint; truncate it so they leave the disk now.
  if (depth_ == 0) (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return Status::ok();
}

}  // namespace forma::state
