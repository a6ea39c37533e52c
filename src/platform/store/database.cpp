#include "platform/store/database.hpp"
#include "platform/store/bytes.hpp"
#include "platform/store/deferred.hpp"
#include "platform/store/settings.hpp"
#include "platform/store/prepared.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace trame::store {
namespace {
// SQLite reads the database file through a memory map of up to this size instead of copying each page into
// every connection's own 2 MB cache (issue 22, session 18): the pages that walk a year of slots or bookings at
// national size (a 450 MB file) spent about a quarter of their time in the kernel's copies. Address space only;
// the pages are the page cache's, shared by the connections.
constexpr long long kSqliteMmapBytes = 1LL << 30;
// TRAME_SQL_LOG=FILE (a debugging aid, off by default): every statement a pooled connection prepares, and
// every run of one store::prepared keeps (store/prepared.cpp), is appended to FILE, one line each (its line
// breaks and tabs turned into spaces), with the time in microseconds and the engine:
// `1733470000123456\tsqlite\tSELECT … WHERE id = :id`. The bound values are not written (SOCI 4.0's logger
// sees the text only); tests/integration/app/query_plans.test.mjs reads the file to EXPLAIN what a page ran.
// When the variable is unset no logger is installed at all.
class StatementLog {
 public:
  explicit StatementLog(const char* path) : out_(path, std::ios::app) {}
  void write(const char* engine, const std::string& query) {
    std::string line = query;
    for (char& c : line)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    std::lock_guard lock(mutex_);
    out_ << micros.count() << '\t' << engine << '\t' << line << '\n' << std::flush;
  }

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

StatementLog* statement_log() {
  static StatementLog* log = [] {
    const char* path = std::getenv("TRAME_SQL_LOG");
    return path != nullptr && *path != '\0' ? new StatementLog(path) : nullptr;
  }();
  return log;
}

class StatementLogger : public soci::logger_impl {
 public:
  StatementLogger(StatementLog& log, const char* engine) : log_(log), engine_(engine) {}
  void start_query(const std::string& query) override { log_.write(engine_, query); }

 private:
  logger_impl* do_clone() const override { return new StatementLogger(log_, engine_); }
  StatementLog& log_;
  const char* engine_;
};
}  // namespace

// TRAME_CLOCK_OFFSET (signed seconds) shifts the whole platform's clock: a simulated clock for
// tests and rehearsals (check-deploy refuses it in production).
long long clock_offset() {
  static const long long offset = [] {
    const char* v = std::getenv("TRAME_CLOCK_OFFSET");
    return v ? std::atoll(v) : 0LL;
  }();
  return offset;
}

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() +
         clock_offset();
}

bool is_unique_violation(const std::exception& ex) {
  // From the engine's error code, never its message: SQLSTATE 23505 on PostgreSQL; on SQLite the
  // extended result codes (switched on for every connection) SQLITE_CONSTRAINT_UNIQUE and
  // SQLITE_CONSTRAINT_PRIMARYKEY.
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&ex)) return pg->sqlstate() == "23505";
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&ex)) {
    if (lite->result() == SQLITE_CONSTRAINT_UNIQUE || lite->result() == SQLITE_CONSTRAINT_PRIMARYKEY) return true;
    // Some of SOCI's paths report only the primary code (SQLITE_CONSTRAINT, from sqlite3_reset); then
    // SQLite's own wording of that constraint error says which one it was.
    return lite->result() == SQLITE_CONSTRAINT &&
           std::string_view(ex.what()).find("UNIQUE constraint failed") != std::string_view::npos;
  }
  return false;
}

namespace {
std::string quote_conn_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}
}  // namespace

DatabaseUrl DatabaseUrl::parse(const std::string& url) {
  DatabaseUrl result;
  result.original = url;
  if (url.rfind("sqlite:", 0) == 0) {
    result.engine = Engine::sqlite;
    result.sqlite_path = url.substr(7);
    if (result.sqlite_path.rfind("//", 0) == 0) result.sqlite_path = result.sqlite_path.substr(2);
    if (result.sqlite_path.empty())
      throw std::invalid_argument(
          "adresse de base de données invalide : chemin SQLite vide (exemple : sqlite:var/trame.db)");
    if (result.sqlite_path.find_first_of(" '\"") != std::string::npos)
      throw std::invalid_argument("chemin SQLite invalide : évitez les espaces et les guillemets");
    result.soci_connect = "db=" + result.sqlite_path + " timeout=10";
    return result;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->host().empty())
      throw std::invalid_argument("adresse PostgreSQL invalide (exemple : postgresql://trame@127.0.0.1:5432/trame)");
    result.engine = Engine::postgresql;
    std::string conn = "host=" + quote_conn_value(parsed->host());
    if (parsed->has_port()) conn += " port=" + std::string(parsed->port());
    std::string db = parsed->path();
    if (!db.empty() && db.front() == '/') db.erase(0, 1);
    if (db.empty()) throw std::invalid_argument("adresse PostgreSQL invalide : nom de base manquant");
    conn += " dbname=" + quote_conn_value(db);
    if (parsed->has_userinfo()) {
      conn += " user=" + quote_conn_value(parsed->user());
      if (parsed->has_password()) conn += " password=" + quote_conn_value(parsed->password());
    }
    result.soci_connect = conn;
    return result;
  }
  throw std::invalid_argument("adresse de base de données non reconnue : « " + url +
                              " » (attendu : sqlite:CHEMIN ou postgresql://utilisateur@hôte:port/base)");
}

std::string DatabaseUrl::redacted() const {
  if (engine == Engine::sqlite) return original;
  auto parsed = boost::urls::parse_uri(original);
  if (!parsed || !parsed->has_password()) return original;
  boost::urls::url u(*parsed);
  u.set_password("***");
  return std::string(u.buffer());
}

Database::Database(const DatabaseUrl& url, std::size_t pool_size) : url_(url), pool_size_(pool_size), pool_(pool_size) {
  if (url_.engine == Engine::sqlite) {
    // Before the first connection: each pooled connection is used by one thread at a time (no
    // per-connection mutex needed), and SQLite's memory statistics take a global lock on every
    // allocation, which the worker threads would otherwise fight over. Later calls fail harmlessly.
    static const bool configured = [] {
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return true;
    }();
    (void)configured;
    auto parent = std::filesystem::path(url_.sqlite_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  for (std::size_t i = 0; i != pool_size; ++i) {
    soci::session& sql = pool_.at(i);
    if (url_.engine == Engine::sqlite) {
      sql.open(soci::sqlite3, url_.soci_connect);
      // Errors say which constraint failed by their code (is_unique_violation), not only their text.
      sqlite_api::sqlite3_extended_result_codes(static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_,
                                                1);
      sql << "PRAGMA journal_mode=WAL";
      sql << "PRAGMA busy_timeout=10000";
      sql << "PRAGMA foreign_keys=ON";
      sql << "PRAGMA synchronous=FULL";
      sql << "PRAGMA mmap_size=" + std::to_string(kSqliteMmapBytes);
      // decode/encode as PostgreSQL has them: the one SQL for files on both engines (bytes.hpp).
      register_sql_functions(sql);
    } else {
      sql.open(soci::postgresql, url_.soci_connect);
      sql << "SET TIME ZONE 'UTC'";
      // No JIT compilation (on by default since PostgreSQL 12): above its cost thresholds (a quarter's reach at
      // national size) compiling took 0.6–0.9 s of CPU for a query that runs in 0.3 s without it; no query of
      // Trame runs long enough to win it back (docs/decisions.md, issue 22, session 20).
      sql << "SET jit = off";
    }
    if (StatementLog* log = statement_log(); log != nullptr)
      sql.set_logger(new StatementLogger(*log, url_.engine == Engine::sqlite ? "sqlite" : "postgresql"));
    register_connection(sql);
  }
}

Database::~Database() {
  for (std::size_t i = 0; i != pool_size_; ++i) forget_connection(pool_.at(i));
}

Database::Lease::Lease(Database& db) : db_(db), session_(db.pool_) {
  ++db_.in_use_;
}
Database::Lease::~Lease() {
  --db_.in_use_;
}

void Database::control(soci::session& sql, const char* statement) {
  if (url_.engine == Engine::sqlite) {
    sql << statement;
    return;
  }
  // libpq's simple query: one round trip, where SOCI may prepare first.
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  PGresult* result = PQexec(backend->conn_, statement);
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string message = ok ? std::string() : PQresultErrorMessage(result);
  PQclear(result);
  if (!ok) throw std::runtime_error(std::string("PostgreSQL: ") + statement + ": " + message);
}

bool Database::in_transaction(soci::session& sql) const {
  if (url_.engine == Engine::sqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    return sqlite_api::sqlite3_get_autocommit(backend->conn_) == 0;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  auto status = PQtransactionStatus(backend->conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void Database::begin_write(soci::session& sql) {
  // One writing transaction at a time across every process, as SQLite's BEGIN IMMEDIATE does: on
  // PostgreSQL a transaction-scoped advisory lock, taken first. Every write ends by locking the audit
  // chain's head anyway; taking the turn first means a group (several writers in one transaction)
  // never holds a row another instance's transaction holds while it waits for the head: no deadlock
  // between instances booking the same slot.
  control(sql, url_.engine == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN; SELECT pg_advisory_xact_lock(7396211)");
}
void Database::commit(soci::session& sql) {
  control(sql, "COMMIT");
}
void Database::rollback(soci::session& sql) {
  try {
    control(sql, "ROLLBACK");
  } catch (...) {
    // The transaction may already be gone (a failed COMMIT); nothing else to undo.
  }
}

namespace {

// Bounds how long the last writer of a group waits. PostgreSQL keeps the ids of at most 64
// subtransactions per transaction in shared memory (beyond, every snapshot reads pg_subtrans).
constexpr std::size_t kMaxGroup = 64;
constexpr std::size_t kMaxGroupPostgresql = 32;

}  // namespace

void Database::write_in_group(WriteJob& job) {
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&job);
  if (group_leader_) {
    // Someone is writing: wait until that writer has committed this function, or hands over.
    job.wake.wait(lock, [&] { return job.done || job.leads; });
    if (job.done) {
      lock.unlock();
      if (job.error) std::rethrow_exception(job.error);
      return;
    }
  }
  group_leader_ = true;
  // This writer commits everything that is waiting (its own function included), group after group
  // until its own is done; then the next waiting writer, if any, takes over. Only the writers
  // concerned are woken.
  while (!job.done) {
    std::vector<WriteJob*> group;
    const std::size_t max_group = url_.engine == Engine::sqlite ? kMaxGroup : kMaxGroupPostgresql;
    while (!group_queue_.empty() && group.size() < max_group) {
      group.push_back(group_queue_.front());
      group_queue_.pop_front();
    }
    lock.unlock();
    run_group(group);
    ++group_commits_;
    grouped_writers_ += static_cast<long long>(group.size());
    lock.lock();
    for (WriteJob* j : group) {
      j->done = true;
      if (j != &job) j->wake.notify_one();
    }
  }
  if (group_queue_.empty()) {
    group_leader_ = false;
  } else {
    WriteJob* next = group_queue_.front();
    next->leads = true;
    next->wake.notify_one();
  }
  lock.unlock();
  if (job.error) std::rethrow_exception(job.error);
}

void Database::run_group(const std::vector<WriteJob*>& group) {
  auto fail = [](const std::vector<WriteJob*>& jobs, const std::exception_ptr& error) {
    for (WriteJob* j : jobs) j->error = error;
  };
  std::optional<Lease> lease;
  try {
    lease.emplace(*this);
  } catch (...) {
    fail(group, std::current_exception());
    return;
  }
  soci::session& sql = **lease;
  const bool postgresql = url_.engine != Engine::sqlite;
  // The transaction's memo and deferred statements (store/deferred.hpp) follow its BEGIN, savepoints and end.
  auto begin = [&] {
    begin_write(sql);
    write_group::begun(sql, postgresql);
  };
  if (group.size() == 1) {
    // Alone: no savepoint needed. Its deferred statements go with the COMMIT.
    WriteJob* job = group.front();
    try {
      begin();
      job->run(sql);
      if (write_group::has_deferred(sql)) write_group::flush(sql, {"COMMIT"});
      else commit(sql);
    } catch (...) {
      job->error = std::current_exception();
      rollback(sql);
    }
    write_group::ended(sql);
    return;
  }
  // Two statements in one round trip on PostgreSQL (a simple query may hold several); SQLite runs in
  // this process, one after the other.
  auto pair = [&](const char* first, const char* second, const char* both) {
    if (url_.engine != Engine::sqlite) {
      control(sql, both);
      return;
    }
    control(sql, first);
    control(sql, second);
  };
  std::vector<WriteJob*> done;  // ran without error in the open transaction
  std::size_t next = 0;
  while (next < group.size()) {
    try {
      begin();
    } catch (...) {
      fail(std::vector<WriteJob*>(group.begin() + static_cast<std::ptrdiff_t>(next), group.end()),
           std::current_exception());
      write_group::ended(sql);
      return;
    }
    // A writer's savepoint is released, with its deferred statements, when it returns and the next
    // writer's savepoint taken in the same round trip; the last one's by COMMIT.
    bool kept = false;
    for (; next < group.size(); ++next) {
      WriteJob* job = group[next];
      try {
        if (!kept) {
          control(sql, "SAVEPOINT trame_writer");
          write_group::savepoint_taken(sql);
          kept = true;
        }
        job->run(sql);
        if (next + 1 < group.size()) {
          // A deferred statement that fails throws here, before the savepoint is released: this writer fails.
          if (write_group::has_deferred(sql))
            write_group::flush(sql, {"RELEASE trame_writer", "SAVEPOINT trame_writer"});
          else pair("RELEASE trame_writer", "SAVEPOINT trame_writer", "RELEASE trame_writer; SAVEPOINT trame_writer");
          write_group::savepoint_taken(sql);
        }
        done.push_back(job);
      } catch (...) {
        job->error = std::current_exception();
        kept = false;
        bool undone = false;
        if (in_transaction(sql)) {
          try {
            pair("ROLLBACK TO trame_writer", "RELEASE trame_writer", "ROLLBACK TO trame_writer; RELEASE trame_writer");
            write_group::savepoint_undone(sql);
            undone = true;
          } catch (...) {
          }
        }
        if (!undone) {
          // The error ended the whole transaction (disk full, I/O error): what ran before it in
          // this group is gone too, and says so; the rest starts a new transaction.
          rollback(sql);
          write_group::ended(sql);
          fail(done, job->error);
          done.clear();
          ++next;
          break;
        }
      }
    }
    if (!in_transaction(sql)) continue;
    try {
      if (write_group::has_deferred(sql)) {
        // The last writer's deferred statements go with the COMMIT; if one fails, only that writer is undone.
        try {
          write_group::flush(sql, {"COMMIT"});
        } catch (const write_group::DeferredFailed&) {
          done.back()->error = std::current_exception();
          done.pop_back();
          control(sql, "ROLLBACK TO trame_writer; RELEASE trame_writer");
          write_group::savepoint_undone(sql);
          commit(sql);
        }
      } else {
        commit(sql);
      }
    } catch (...) {
      fail(done, std::current_exception());
      rollback(sql);
    }
    write_group::ended(sql);
    done.clear();
  }
}

void Database::execute_script(soci::session& sql, const std::string& script) {
  if (url_.engine == Engine::sqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    char* error = nullptr;
    using namespace sqlite_api;
    if (sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("SQLite: " + message);
    }
    return;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  PGresult* result = PQexec(backend->conn_, script.c_str());
  auto status = PQresultStatus(result);
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error("PostgreSQL: " + message);
}

Database::Health Database::health() {
  Health h;
  try {
    Lease lease(*this);
    int one = 0;
    *lease << "SELECT 1", soci::into(one);
    h.reads = one == 1;
  } catch (...) {
    h.reads = false;
  }
  std::lock_guard lock(health_mutex_);
  auto now = std::chrono::steady_clock::now();
  if (health_checked_ == std::chrono::steady_clock::time_point{} || now - health_checked_ >= std::chrono::seconds(5) ||
      !last_write_ok_) {
    try {
      write([](soci::session& sql) { set_setting(sql, "health.last_write", std::to_string(now_seconds())); });
      last_write_ok_ = true;
    } catch (const std::exception& ex) {
      spdlog::error("healthz: the database refuses a write: {}", ex.what());
      last_write_ok_ = false;
    }
    health_checked_ = now;
  }
  h.writes = h.reads && last_write_ok_;
  return h;
}

}  // namespace trame::store
