// The database handle: a SOCI connection pool on SQLite (default, embedded) or
// PostgreSQL, with one SQL path for both. Writes go through Database::write, which
// opens the transaction the engine needs (BEGIN IMMEDIATE on SQLite) and rolls back
// unless the function returns normally.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <soci/soci.h>

namespace trame::store {

enum class Engine { sqlite, postgresql };

struct DatabaseUrl {
  Engine engine = Engine::sqlite;
  std::string sqlite_path;     // for sqlite
  std::string soci_connect;    // SOCI connection string
  std::string original;

  // "sqlite:PATH" or "postgresql://user[:password]@host[:port]/db". Throws std::invalid_argument
  // with a French message on anything else.
  static DatabaseUrl parse(const std::string& url);
  // The URL with any password hidden, for logs.
  std::string redacted() const;
};

class Database {
 public:
  Database(const DatabaseUrl& url, std::size_t pool_size);
  ~Database();

  Engine engine() const { return url_.engine; }
  const DatabaseUrl& url() const { return url_; }
  std::size_t pool_size() const { return pool_size_; }
  long long sessions_in_use() const { return in_use_; }

  // A pooled session, returned to the pool when it goes out of scope.
  class Lease {
   public:
    explicit Lease(Database& db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& operator*() { return session_; }
    soci::session* operator->() { return &session_; }

   private:
    Database& db_;
    soci::session session_;
  };

  // Runs f(session) inside a write transaction and commits; rolls back on exception.
  template <class F>
  auto write(F&& f) {
    // SQLite has one writer at a time: this process's writers queue here and wake at once, instead
    // of retrying BEGIN IMMEDIATE in SQLite's sleeping busy handler (other processes still use it).
    std::unique_lock<std::mutex> writer(sqlite_writer_, std::defer_lock);
    if (url_.engine == Engine::sqlite) writer.lock();
    Lease lease(*this);
    begin_write(*lease);
    try {
      if constexpr (std::is_void_v<decltype(f(*lease))>) {
        f(*lease);
        commit(*lease);
      } else {
        auto result = f(*lease);
        commit(*lease);
        return result;
      }
    } catch (...) {
      rollback(*lease);
      throw;
    }
  }

  // Runs f(session) for reads (no explicit transaction).
  template <class F>
  auto read(F&& f) {
    Lease lease(*this);
    return f(*lease);
  }

  // Executes a whole SQL script (several statements) on a session, natively.
  void execute_script(soci::session& sql, const std::string& script);
  bool healthy();

 private:
  void begin_write(soci::session& sql);
  void commit(soci::session& sql);
  void rollback(soci::session& sql);

  DatabaseUrl url_;
  std::size_t pool_size_;
  soci::connection_pool pool_;
  std::atomic<long long> in_use_{0};
  std::mutex sqlite_writer_;
};

// Current time as unix seconds (UTC), shifted by TRAME_CLOCK_OFFSET when set (simulated clock).
long long now_seconds();
long long clock_offset();

// Thrown by repositories when a unique constraint rejects a row.
bool is_unique_violation(const std::exception& ex);

}  // namespace trame::store
