// Backup and restore of a whole database, on a live system (issue 22, docs/operations.md).
// SQLite: an online copy through SQLite's backup API inside one read transaction, so the copy is the
// database as it was at one instant while writers go on (WAL: readers never block writers).
// PostgreSQL: pg_dump --format=custom under a snapshot exported by a REPEATABLE READ transaction, so the
// counts reported are those of the very snapshot that was dumped. Restore: sqlite backup API from the
// file, or pg_restore; both refuse a database that already holds tables unless forced.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/store/database.hpp"

namespace trame::store {

struct BackupReport {
  bool ok = false;
  std::string problem;                                    // French, when !ok
  std::vector<std::pair<std::string, long long>> counts;  // rows of each asked table, at the snapshot
};

using BackupProgress = std::function<void(long long done, long long total)>;

// Copies the database to file (SQLite: a database file; PostgreSQL: pg_dump's custom format, with
// pg_dump found in PATH). counted_tables are counted in the snapshot that is copied.
BackupReport backup_database(const DatabaseUrl& url, const std::string& file,
                             const std::vector<std::string>& counted_tables, const BackupProgress& progress = {});

// Restores file into url. Refused (ok=false, problem set, nothing changed) when the target already
// holds tables and force is false, or when the file is not a backup of the same engine.
BackupReport restore_database(const DatabaseUrl& url, const std::string& file, bool force,
                              const BackupProgress& progress = {});

}  // namespace trame::store
