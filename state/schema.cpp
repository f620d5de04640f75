#include "state/schema.h"

#include <string>

#include "engine/base/text.h"

namespace forma::state {
namespace {

const char* kHistoryAndLocks = R"sql(
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  serial INTEGER NOT NULL,
  operation TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  time TEXT NOT NULL,
  user TEXT NOT NULL,
  before_hash TEXT NOT NULL,
  after_hash TEXT NOT NULL
);
CREATE TABLE locks (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  operation TEXT NOT NULL,
  started TEXT NOT NULL
);
)sql";

const char* kResourcesV1 = R"sql(
CREATE TABLE resources (
  address TEXT NOT NULL,
  deposed TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL,
  type TEXT NOT NULL,
  provider TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  sensitive_paths TEXT NOT NULL,
  status TEXT NOT NULL,
  creation_token TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (address, deposed)
) WITHOUT ROWID;
CREATE TABLE dependencies (
  address TEXT NOT NULL,
  deposed TEXT NOT NULL,
  depends_on TEXT NOT NULL,
  PRIMARY KEY (address, deposed, depends_on)
) WITHOUT ROWID;
)sql";

Status migrate_0_to_1(Connection& db) {
  // v0 keyed resources by address alone; v1 adds deposed objects and the
  // columns the engine needs, so the tables are rebuilt and copied.
  std::string sql = std::string(R"sql(
ALTER TABLE resources RENAME TO resources_v0;
ALTER TABLE dependencies RENAME TO dependencies_v0;
)sql") + kResourcesV1 + R"sql(
INSERT INTO resources (address, deposed, mode, type, provider, schema_version,
                       attributes, sensitive_paths, status, creation_token)
  SELECT address, '', 'managed', type, provider, 0, attributes, '[]', status, ''
  FROM resources_v0;
INSERT OR IGNORE INTO dependencies (address, deposed, depends_on)
  SELECT address, '', depends_on FROM dependencies_v0;
DROP TABLE resources_v0;
DROP TABLE dependencies_v0;
)sql" + kHistoryAndLocks + R"sql(
UPDATE meta SET value = '1' WHERE key = 'format_version';
)sql";
  return db.exec(sql);
}

const char* kPrivateColumn = "ALTER TABLE resources ADD COLUMN private TEXT NOT NULL DEFAULT '{}';\n";

Status migrate_1_to_2(Connection& db) {
  return db.exec(std::string(kPrivateColumn) + "UPDATE meta SET value = '2' WHERE key = 'format_version';");
}

}  // namespace

Status create_schema(Connection& db) {
  std::string sql = std::string(R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE outputs (name TEXT PRIMARY KEY, value TEXT NOT NULL, sensitive INTEGER NOT NULL);
)sql") + kResourcesV1 + kPrivateColumn + kHistoryAndLocks;
  if (Status s = db.exec(sql); !s) return s;
  if (Status s = db.exec("PRAGMA application_id = " + std::to_string(kApplicationId)); !s) return s;
  Status status;
  auto insert = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)", status);
  if (!insert) return status;
  for (auto [key, value] : {std::pair<std::string, std::string>{"format_version", std::to_string(kFormatVersion)},
                            {"lineage", random_uuid()},
                            {"serial", "0"}}) {
    if (Status s = insert->bind(1, key).bind(2, value).run(); !s) return s;
  }
  return Status::ok();
}

Status read_format_version(Connection& db, int& version) {
  std::string has_meta;
  if (Status s = db.query_text("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                               has_meta);
      !s)
    return s;
  if (has_meta.empty()) return Status::error("it has no meta table");
  std::string text;
  if (Status s = db.query_text("SELECT value FROM meta WHERE key = 'format_version'", text); !s) return s;
  try {
    size_t used = 0;
    version = std::stoi(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    return Status::error("its format version " + quote(text) + " is not a number");
  }
  return Status::ok();
}

Status migrate(Connection& db, int from_version) {
  if (from_version < 0) return Status::error("unknown format version " + std::to_string(from_version));
  if (from_version == 0) {
    if (Status s = migrate_0_to_1(db); !s) return Status::error("migrating from format version 0: " + s.message());
  }
  if (from_version <= 1) {
    if (Status s = migrate_1_to_2(db); !s) return Status::error("migrating from format version 1: " + s.message());
  }
  return Status::ok();
}

}  // namespace forma::state
