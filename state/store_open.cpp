// Store::open: every check that must pass before forma touches a state file.
// The checks run on a read-only connection, so a file that fails them (not
// SQLite, damaged, from a newer forma) is never modified.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "engine/base/text.h"
#include "state/schema.h"
#include "state/sqlite_store.h"

namespace forma::state {
namespace {

constexpr int kBusyTimeoutMs = 5000;

std::string named(const std::string& path) { return "state file " + quote(path); }

Status not_forma(const std::string& path, const std::string& why) {
  return Status::error(named(path) + " is not a forma state database (" + why + ")");
}

Status damaged(const std::string& path, const std::string& why) {
  return Status::error(named(path) + " is damaged: " + why +
                       "; restore it from a backup (forma never overwrites it)");
}

// Reads the 16-byte SQLite header without SQLite, so any file that is not a
// database is refused before a library that might write to it sees it.
Status check_header(const std::string& path, off_t size) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof(header));
  if (std::string(header, static_cast<size_t>(in.gcount())) != std::string("SQLite format 3\0", 16))
    return not_forma(path, "not an SQLite database file");
  if (size < 512) return damaged(path, "the file is truncated (" + std::to_string(size) + " bytes)");
  return Status::ok();
}

std::unique_ptr<Connection> connect(const std::string& path, bool read_only, Status& status) {
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  auto db = std::make_unique<Connection>(path, flags | SQLITE_OPEN_NOMUTEX);
  status = db->open_status();
  if (status) sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  return db;
}

// Integrity and identity of an existing file, on a read-only connection.
Status inspect(const std::string& path, int& version) {
  Status status;
  auto db = connect(path, true, status);
  if (!status) return damaged(path, status.message());
  std::string check;
  if (Status s = db->query_text("PRAGMA quick_check", check); !s) return damaged(path, s.message());
  if (check != "ok") return damaged(path, "integrity check failed: " + check);
  std::string app_id;
  if (Status s = db->query_text("PRAGMA application_id", app_id); !s) return damaged(path, s.message());
  if (Status s = read_format_version(*db, version); !s) return not_forma(path, s.message());
  if (app_id != "0" && app_id != std::to_string(kApplicationId))
    return not_forma(path, "it belongs to another application");
  if (version > kFormatVersion)
    return Status::error(named(path) + " was written by a newer forma (format version " +
                         std::to_string(version) + "; this forma understands up to " +
                         std::to_string(kFormatVersion) + "); upgrade forma to use it. The file was not changed");
  return Status::ok();
}

Status set_pragmas(Connection& db) {
  std::string mode;
  if (Status s = db.query_text("PRAGMA journal_mode = WAL", mode); !s) return s;
  if (mode != "wal") return Status::error("cannot switch the journal to WAL mode (got " + mode + ")");
  // FULL: a commit is durable once it returns. secure_delete: freed pages are
  // zeroed, so rekey and state rm leave no old secret bytes behind.
  return db.exec("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON");
}

Status upgrade(Connection& db) {
  if (Status s = db.exec("BEGIN IMMEDIATE"); !s) return s;
  int version = 0;
  // Re-read under the write lock: another forma may have upgraded it meanwhile.
  Status result = read_format_version(db, version);
  if (result && version < kFormatVersion) result = migrate(db, version);
  if (result) result = db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  if (result) return db.exec("COMMIT");
  (void)db.exec("ROLLBACK");
  return result;
}

// A read-only store of an older file: copy it into memory and upgrade the copy.
std::unique_ptr<Connection> upgraded_copy(Connection& file, Status& status) {
  auto memory = connect(":memory:", false, status);
  if (!status) return nullptr;
  sqlite3_backup* backup = sqlite3_backup_init(memory->handle(), "main", file.handle(), "main");
  if (!backup) {
    status = Status::error(sqlite3_errmsg(memory->handle()));
    return nullptr;
  }
  sqlite3_backup_step(backup, -1);
  if (sqlite3_backup_finish(backup) != SQLITE_OK) {
    status = Status::error(sqlite3_errmsg(memory->handle()));
    return nullptr;
  }
  status = upgrade(*memory);
  return status ? std::move(memory) : nullptr;
}

std::unique_ptr<Connection> open_existing(const std::string& path, const OpenOptions& options,
                                          Status& status) {
  int version = 0;
  if (status = inspect(path, version); !status) return nullptr;
  auto db = connect(path, options.read_only, status);
  if (!status) return nullptr;
  if (options.read_only) return version < kFormatVersion ? upgraded_copy(*db, status) : std::move(db);
  if (status = set_pragmas(*db); !status) return nullptr;
  if (version < kFormatVersion) {
    if (status = upgrade(*db); !status) {
      status = Status::error("cannot upgrade " + named(path) + ": " + status.message());
      return nullptr;
    }
  }
  return db;
}

std::unique_ptr<Connection> create_new(const std::string& path, Status& status) {
  auto db = connect(path, false, status);
  if (!status) return nullptr;
  if (status = set_pragmas(*db); !status) return nullptr;
  if (status = db->exec("BEGIN IMMEDIATE"); !status) return nullptr;
  status = create_schema(*db);
  status = status ? db->exec("COMMIT") : status;
  if (!status) {
    (void)db->exec("ROLLBACK");
    return nullptr;
  }
  return db;
}

std::unique_ptr<Store> open_store(const std::string& path, const OpenOptions& options, Status& status) {
  struct stat st{};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    status = not_forma(path, "it is a directory");
    return nullptr;
  }
  if (!exists && (options.read_only || !options.create_if_missing)) {
    status = Status::error(named(path) + " does not exist");
    return nullptr;
  }
  if (!exists) {
    int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
      status = Status::error("cannot create " + named(path) + ": " + std::strerror(errno));
      return nullptr;
    }
    ::close(fd);
  } else if (st.st_size > 0) {
    if (status = check_header(path, st.st_size); !status) return nullptr;
  }
  // A file of zero bytes holds nothing to lose: it becomes a new state.
  bool fresh = !exists || st.st_size == 0;
  if (fresh && options.read_only) {
    status = Status::error(named(path) + " is empty");
    return nullptr;
  }
  auto db = fresh ? create_new(path, status) : open_existing(path, options, status);
  if (!db) return nullptr;
  auto store = std::make_unique<SqliteStore>(path, std::move(db), options.read_only);
  if (status = store->configure_key(options.key); !status) return nullptr;
  return store;
}

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& path, const OpenOptions& options, Status& status) {
  try {
    return open_store(path, options, status);
  } catch (const std::exception& e) {
    status = Status::error("cannot open " + named(path) + ": " + e.what());
    return nullptr;
  }
}

std::optional<std::string> load_state_key(const std::string& key_file, Status& status) {
  status = Status::ok();
  std::string encoded;
  std::string source;
  if (!key_file.empty()) {
    std::ifstream in(key_file, std::ios::binary);
    if (!in) {
      status = Status::error("cannot read the state key file " + quote(key_file));
      return std::nullopt;
    }
    encoded.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    source = "the state key file " + quote(key_file);
  } else if (const char* env = std::getenv("FORMA_STATE_KEY"); env && *env) {
    encoded = env;
    source = "FORMA_STATE_KEY";
  } else {
    return std::nullopt;
  }
  while (!encoded.empty() && std::isspace(static_cast<unsigned char>(encoded.back()))) encoded.pop_back();
  auto key = base64_decode(encoded);
  if (!key || key->size() != kStateKeyBytes) {
    status = Status::error(source + " must hold " + std::to_string(kStateKeyBytes) +
                           " bytes in base64 (e.g. from `openssl rand -base64 32`)");
    return std::nullopt;
  }
  return key;
}

std::string unencrypted_state_warning() {
  return "Warning: no state key is set (FORMA_STATE_KEY or -state-key-file): "
         "sensitive values are stored unencrypted in the state file";
}

}  // namespace forma::state
