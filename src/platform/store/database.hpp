// The database handle: a SOCI connection pool on SQLite (default, embedded) or
// PostgreSQL, with one SQL path for both. Writes go through Database::write, which
// opens the transaction the engine needs (BEGIN IMMEDIATE on SQLite) and rolls back
// unless the function returns normally.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <soci/soci.h>

#include "platform/core/outcome.hpp"

namespace trame::store {

enum class Engine { sqlite, postgresql };

struct DatabaseUrl {
  Engine engine = Engine::sqlite;
  std::string sqlite_path;   // for sqlite
  std::string soci_connect;  // SOCI connection string
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
  // SQLite group commits so far, and the writers they committed (writers / commits = mean group).
  long long write_commits() const { return group_commits_; }
  long long grouped_writers() const { return grouped_writers_; }

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

  // Runs f(session) inside a write transaction and commits; rolls back on exception. Returns
  // only once the commit is durable (or throws what f or the commit threw).
  //
  // Each commit waits for the disk (SQLite synchronous=FULL; PostgreSQL synchronous_commit=on),
  // and every write ends by locking the audit chain's head until its commit, so writes are in
  // effect one at a time and the commits' waits add up. So this process's writers are committed in
  // groups, on both engines: while one group is being written, the writers that arrive wait in a
  // queue; the next of them runs the whole queue in one transaction, each function inside its own
  // savepoint (a function that throws undoes only its own changes), and one COMMIT makes them all
  // durable at once. Each function still sees the database as if it ran alone after the previous
  // ones. Other processes (SQLite's busy handler) or instances (PostgreSQL's row locks) wait as before.
  template <class F>
  auto write(F&& f) {
    using Result = decltype(f(std::declval<soci::session&>()));
    if constexpr (std::is_void_v<Result>) {
      WriteJob job;
      job.run = [&](soci::session& sql) { f(sql); };
      write_in_group(job);
    } else {
      std::optional<Result> result;
      WriteJob job;
      job.run = [&](soci::session& sql) { result.emplace(f(sql)); };
      write_in_group(job);
      return std::move(*result);
    }
  }

  // The one shape of a use case that writes: f(session) returns the Outcome, and may stop at any
  // point with refuse(key, field) or roll_back(outcome) (core/outcome.hpp), which rolls back
  // everything it wrote and returns that outcome.
  template <class F>
  Outcome attempt(F&& f) {
    try {
      return write(std::forward<F>(f));
    } catch (const Rollback& r) {
      return r.outcome;
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

  // What /healthz reports: can the database be read, and can it take a durable write (a full disk,
  // a read-only file or a lost primary fail the second while the first still works). The write, a
  // setting's timestamp, happens at most every few seconds; between two, the last result is kept.
  struct Health {
    bool reads = false;
    bool writes = false;
  };
  Health health();

 private:
  void begin_write(soci::session& sql);
  void commit(soci::session& sql);
  void rollback(soci::session& sql);
  // Runs a statement without values (BEGIN, SAVEPOINT…) in one round trip.
  void control(soci::session& sql, const char* statement);
  // Whether the session is inside a transaction (an aborted one included).
  bool in_transaction(soci::session& sql) const;

  // One writer's function waiting for its group's commit (SQLite).
  struct WriteJob {
    std::function<void(soci::session&)> run;
    std::exception_ptr error;
    bool done = false;
    bool leads = false;  // handed the commit of the next group
    std::condition_variable wake;
  };
  void write_in_group(WriteJob& job);
  void run_group(const std::vector<WriteJob*>& group);

  DatabaseUrl url_;
  std::size_t pool_size_;
  soci::connection_pool pool_;
  std::atomic<long long> in_use_{0};
  std::mutex group_mutex_;
  std::deque<WriteJob*> group_queue_;
  bool group_leader_ = false;
  std::atomic<long long> group_commits_{0};
  std::atomic<long long> grouped_writers_{0};
  std::mutex health_mutex_;
  std::chrono::steady_clock::time_point health_checked_{};
  bool last_write_ok_ = false;
};

// Current time as unix seconds (UTC), shifted by TRAME_CLOCK_OFFSET when set (simulated clock).
long long now_seconds();
long long clock_offset();

// Thrown by repositories when a unique constraint rejects a row.
bool is_unique_violation(const std::exception& ex);

}  // namespace trame::store
