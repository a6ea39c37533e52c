#include "platform/store/prepared.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

namespace trame::store {

namespace {

constexpr std::size_t kMaxStatements = 512;  // per connection; the texts are constants of the code

// With TRAME_SQL_LOG (store/database.cpp), each run of a statement already prepared is written to the log too,
// so that the log holds every statement a request ran, not only those its connection prepared first.
const bool kLogRuns = [] {
  const char* path = std::getenv("TRAME_SQL_LOG");
  return path != nullptr && *path != '\0';
}();

struct Connection {
  soci::session* pooled;
  bool sqlite;  // statements must refer to the pooled session, not to a lease of it
  std::unordered_map<std::string, std::unique_ptr<soci::statement>> statements;
};

// By the connection's backend, which every lease of a pooled session shares.
std::shared_mutex registry_mutex;
std::unordered_map<const void*, std::unique_ptr<Connection>> registry;

}  // namespace

void register_connection(soci::session& pooled) {
  std::unique_lock lock(registry_mutex);
  auto c = std::make_unique<Connection>();
  c->pooled = &pooled;
  c->sqlite = pooled.get_backend_name() == "sqlite3";
  registry[pooled.get_backend()] = std::move(c);
}

void forget_connection(soci::session& pooled) {
  std::unique_ptr<Connection> gone;
  {
    std::unique_lock lock(registry_mutex);
    auto it = registry.find(pooled.get_backend());
    if (it == registry.end()) return;
    gone = std::move(it->second);
    registry.erase(it);
  }
  gone.reset();  // finalizes the statements while the connection is still open
}

namespace detail {

Cached cached_statement(soci::session& sql, const std::string& text) {
  Connection* c = nullptr;
  {
    std::shared_lock lock(registry_mutex);
    auto it = registry.find(sql.get_backend());
    if (it != registry.end()) c = it->second.get();
  }
  if (!c) throw std::logic_error("store::prepared: the session does not come from a Database pool");
  // A pooled connection is used by one thread at a time: its own statements need no lock.
  auto it = c->statements.find(text);
  if (it != c->statements.end()) {
    if (kLogRuns) c->pooled->log_query(text);
    return {*it->second, c->sqlite};
  }
  if (c->statements.size() >= kMaxStatements) c->statements.clear();
  auto st = std::make_unique<soci::statement>(*c->pooled);
  st->alloc();
  st->prepare(text, soci::details::st_repeatable_query);
  return {*c->statements.emplace(text, std::move(st)).first->second, c->sqlite};
}

void release_statement(const Cached& cached) noexcept {
  try {
    cached.statement.bind_clean_up();
    // A SELECT stopped after its first row keeps its read snapshot until reset.
    if (cached.sqlite)
      sqlite_api::sqlite3_reset(static_cast<soci::sqlite3_statement_backend*>(cached.statement.get_backend())->stmt_);
  } catch (...) {
    // Nothing left to undo: the next run binds again and SQLite resets before each step.
  }
}

}  // namespace detail

}  // namespace trame::store
