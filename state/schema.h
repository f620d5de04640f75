// The state file's tables and their migrations, keyed by format version.
// Version history:
//   0  meta, resources (one row per address, no deposed objects), dependencies, outputs
//   1  resources keyed by (address, deposed) with mode, schema version,
//      sensitive paths and creation token; history; locks
//   2  resources.private: engine-private data of an object (SSH host keys of
//      its nodes), JSON, never shown as attributes
#pragma once

#include "state/sqlite_db.h"

namespace forma::state {

inline constexpr int kFormatVersion = 2;
// "Form" in ASCII: marks a SQLite file as a forma state file.
inline constexpr int kApplicationId = 0x466f726d;

// Creates the current schema and meta (new lineage, serial 0) in an empty file.
Status create_schema(Connection& db);

// The format version stored in meta. An error when the file has no meta
// table or no version: it is not a forma state file.
Status read_format_version(Connection& db, int& version);

// Upgrades a file at `from_version` to kFormatVersion. The caller wraps it in
// a transaction so a failed step leaves the file as it was.
Status migrate(Connection& db, int from_version);

}  // namespace forma::state
