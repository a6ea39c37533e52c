#include "platform/store/deferred.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <libpq-fe.h>

#include <atomic>
#include <cctype>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace trame::store {

namespace {

struct Pending {
  std::string text;
  std::vector<std::string> values;
};

// One pooled connection's state, by its backend (shared by every lease of it).
struct State {
  bool active = false;  // inside Database::write's transaction
  bool postgresql = false;
  std::vector<Pending> queue;
  std::unordered_map<std::string, std::string> memo;
  std::unordered_map<std::string, std::string> saved;  // the memo when the writer's savepoint was taken
  // Statements prepared on this connection (text → name), for the connection they were prepared on.
  const void* conn = nullptr;
  std::unordered_map<std::string, std::string> names;
  long long named = 0;
};

std::mutex states_mutex;
std::unordered_map<const void*, std::unique_ptr<State>> states;
std::atomic<long long> sent_count{0};

State* find(soci::session& sql) {
  std::lock_guard lock(states_mutex);
  auto it = states.find(sql.get_backend());
  return it == states.end() ? nullptr : it->second.get();
}

State& get(soci::session& sql) {
  std::lock_guard lock(states_mutex);
  auto& s = states[sql.get_backend()];
  if (!s) s = std::make_unique<State>();
  return *s;
}

PGconn* connection(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

// `:name` placeholders numbered $1, $2… in order, as SOCI's PostgreSQL backend does (a name used twice
// takes two values); `::` casts and quoted text are left alone.
std::string numbered(const std::string& text) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == ':' && i + 1 < text.size() && text[i + 1] == ':') {
      out += "::";
      ++i;
      continue;
    }
    if (!quoted && c == ':' && i + 1 < text.size() &&
        (std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0 || text[i + 1] == '_')) {
      std::size_t j = i + 1;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) ++j;
      out += "$" + std::to_string(++n);
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

namespace detail {
bool queue_deferred(soci::session& sql, const std::string& text, std::vector<std::string> values) {
  State* s = find(sql);
  if (s == nullptr || !s->active || !s->postgresql) return false;
  s->queue.push_back({text, std::move(values)});
  return true;
}
}  // namespace detail

std::optional<std::string> memo(soci::session& sql, const std::string& key) {
  State* s = find(sql);
  if (s == nullptr || !s->active) return std::nullopt;
  auto it = s->memo.find(key);
  if (it == s->memo.end()) return std::nullopt;
  return it->second;
}

void set_memo(soci::session& sql, const std::string& key, const std::string& value) {
  State* s = find(sql);
  if (s != nullptr && s->active) s->memo[key] = value;
}

long long deferred_sent() {
  return sent_count.load();
}

namespace write_group {

void begun(soci::session& sql, bool postgresql) {
  State& s = get(sql);
  s.active = true;
  s.postgresql = postgresql;
  s.queue.clear();
  s.memo.clear();
  s.saved.clear();
}

void savepoint_taken(soci::session& sql) {
  if (State* s = find(sql); s != nullptr) s->saved = s->memo;
}

void savepoint_undone(soci::session& sql) {
  if (State* s = find(sql); s != nullptr) {
    s->memo = s->saved;
    s->queue.clear();
  }
}

void ended(soci::session& sql) {
  if (State* s = find(sql); s != nullptr) {
    s->active = false;
    s->queue.clear();
    s->memo.clear();
    s->saved.clear();
  }
}

bool has_deferred(soci::session& sql) {
  State* s = find(sql);
  return s != nullptr && !s->queue.empty();
}

void flush(soci::session& sql, const std::vector<const char*>& control) {
  State& s = get(sql);
  PGconn* conn = connection(sql);
  if (s.conn != conn) {  // a new connection at the same address: nothing prepared on it yet
    s.names.clear();
    s.named = 0;
    s.conn = conn;
  }
  std::vector<Pending> queue;
  queue.swap(s.queue);
  if (PQenterPipelineMode(conn) != 1)
    throw std::runtime_error(std::string("PostgreSQL: pipeline: ") + PQerrorMessage(conn));
  struct Sent {
    bool deferred;
    const std::string* prepares;  // the text whose statement this Parse prepares
  };
  std::vector<Sent> sent;
  bool ok = true;
  for (const Pending& p : queue) {
    auto it = s.names.find(p.text);
    if (it == s.names.end()) {
      it = s.names.emplace(p.text, "trame_deferred_" + std::to_string(++s.named)).first;
      ok = ok && PQsendPrepare(conn, it->second.c_str(), numbered(p.text).c_str(), 0, nullptr) == 1;
      sent.push_back({true, &it->first});
    }
    std::vector<const char*> values;
    values.reserve(p.values.size());
    for (const std::string& v : p.values) values.push_back(v.c_str());
    ok = ok && PQsendQueryPrepared(conn, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                   nullptr, 0) == 1;
    sent.push_back({true, nullptr});
  }
  for (const char* statement : control) {
    ok = ok && PQsendQueryParams(conn, statement, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent.push_back({false, nullptr});
  }
  ok = ok && PQpipelineSync(conn) == 1;
  // Every result, in order: each command's then a null; the first error stops the rest (PIPELINE_ABORTED).
  std::string error;
  bool deferred_failed = false;
  std::vector<std::string> unprepared;
  if (ok) {
    for (const Sent& one : sent) {
      PGresult* r = PQgetResult(conn);
      auto status = r == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(r);
      bool good = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
      if (!good && error.empty()) {
        error = r != nullptr && status != PGRES_PIPELINE_ABORTED ? PQresultErrorMessage(r) : "pipeline aborted";
        deferred_failed = one.deferred;
      }
      if (!good && one.prepares != nullptr) unprepared.push_back(*one.prepares);
      PQclear(r);
      while ((r = PQgetResult(conn)) != nullptr) PQclear(r);
    }
    PGresult* r = PQgetResult(conn);  // the sync
    if (r == nullptr || PQresultStatus(r) != PGRES_PIPELINE_SYNC) {
      if (error.empty()) error = "pipeline not synchronised";
    }
    PQclear(r);
  } else {
    error = PQerrorMessage(conn);
    for (const Sent& one : sent)
      if (one.prepares != nullptr) unprepared.push_back(*one.prepares);
  }
  for (const std::string& text : unprepared) s.names.erase(text);
  if (PQexitPipelineMode(conn) != 1) {
    // Results left unread (the connection broke): drain them so that the connection is usable or fails plainly.
    while (PGresult* r = PQgetResult(conn)) PQclear(r);
    PQexitPipelineMode(conn);
  }
  sent_count += static_cast<long long>(queue.size());
  if (error.empty()) return;
  if (deferred_failed) throw DeferredFailed("PostgreSQL: " + error);
  throw std::runtime_error("PostgreSQL: " + error);
}

}  // namespace write_group

}  // namespace trame::store
