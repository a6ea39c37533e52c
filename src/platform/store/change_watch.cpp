#include "platform/store/change_watch.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace trame::store {

ChangeWatch::ChangeWatch(const Database& db) {
  if (db.engine() != Engine::sqlite) return;
  // Read-write like the pool's connections (a read-only one could not map the WAL index of a file it may
  // not change), but it never writes; no mutex of SQLite's own: this class holds one.
  if (sqlite_api::sqlite3_open_v2(db.url().sqlite_path.c_str(), &conn_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                  nullptr) != SQLITE_OK ||
      sqlite_api::sqlite3_busy_timeout(conn_, 10000) != SQLITE_OK ||
      sqlite_api::sqlite3_prepare_v3(conn_, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &statement_,
                                     nullptr) != SQLITE_OK) {
    sqlite_api::sqlite3_finalize(statement_);
    sqlite_api::sqlite3_close(conn_);
    statement_ = nullptr;
    conn_ = nullptr;
  }
}

ChangeWatch::~ChangeWatch() {
  sqlite_api::sqlite3_finalize(statement_);
  sqlite_api::sqlite3_close(conn_);
}

std::optional<unsigned long long> ChangeWatch::version() {
  if (statement_ == nullptr) return std::nullopt;
  std::lock_guard lock(mutex_);
  std::optional<unsigned long long> out;
  if (sqlite_api::sqlite3_step(statement_) == SQLITE_ROW)
    out = static_cast<unsigned long long>(sqlite_api::sqlite3_column_int64(statement_, 0));
  // Ends the read transaction the pragma opened: no snapshot is held between two looks.
  sqlite_api::sqlite3_reset(statement_);
  return out;
}

}  // namespace trame::store
