// Whether anything was committed to an SQLite database since the last look, by any connection of any
// process, known without leasing a pooled connection or reading a table: a connection of its own asks
// SQLite's `PRAGMA data_version`, which moves whenever another connection (this process's pool included)
// has committed a change to the file. For caches that must stay exact (issue 22: the catalogue's data
// version): while the number has not moved, nothing read from the file can have changed.
//
//   store::ChangeWatch watch(db);
//   if (auto v = watch.version(); v && *v == last_seen) { /* the database is as it was */ }
//
// PostgreSQL has no such counter: version() is then always empty and callers read as before.
#pragma once
#include <mutex>
#include <optional>

#include "platform/store/database.hpp"

namespace sqlite_api {
struct sqlite3;
struct sqlite3_stmt;
}  // namespace sqlite_api

namespace trame::store {

class ChangeWatch {
 public:
  // Opens its connection on SQLite (nothing on PostgreSQL); a failure to open leaves it inactive.
  explicit ChangeWatch(const Database& db);
  ~ChangeWatch();
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;

  // The file's data version now (a commit made before this call, by anyone, has moved it), or nothing
  // when it cannot be known (PostgreSQL, an error): the caller must then read the database.
  std::optional<unsigned long long> version();

 private:
  std::mutex mutex_;  // one thread at a time on the connection
  sqlite_api::sqlite3* conn_ = nullptr;
  sqlite_api::sqlite3_stmt* statement_ = nullptr;
};

}  // namespace trame::store
