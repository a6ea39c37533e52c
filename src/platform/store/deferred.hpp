// What a writer inside store::Database::write does not need back (issue 22, session 19).
//
// Writes whose result nobody reads, sent later: on PostgreSQL, inside Database::write, a deferred
// statement is not sent at once but with the writer's next control statement (`RELEASE; SAVEPOINT`
// before the next writer of the group, or the group's `COMMIT`), in one libpq pipeline: one round trip
// for all of them. SQLite (in process) and PostgreSQL outside Database::write run it at once.
//
//   store::defer(sql, "INSERT INTO mail_outbox (recipient, subject) VALUES (:r, :s)", to, subject);
//
// The rules of a deferred statement:
// - its text is a constant with `:name` placeholders (as store::prepared), its values are copied: long
//   long, int or std::string (sent as text; PostgreSQL types them from the statement);
// - the writer's later statements do not see its effect (it has not run yet): defer only what this
//   writer does not read back (the mail outbox, the audit chain); the next writer of the group sees it;
// - its error (a constraint, a trigger) is only known at the flush, which comes before the writer's
//   savepoint is released: the writer then fails with that error and its changes are undone, exactly as
//   if its function had thrown; the other writers of the group are not concerned.
//
// A memo of the write transaction: a value a writer leaves for the next writers of the same group (and
// for itself), forgotten at the COMMIT or ROLLBACK, and put back as it was when a writer's savepoint is
// rolled back (a refused or failed writer leaves nothing). Outside Database::write there is none
// (`memo` returns nullopt, `set_memo` does nothing). The audit chain keeps its head there: the group
// holds the lock that serialises every write, so the head read by its first writer stays true.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/store/prepared.hpp"

namespace trame::store {

namespace detail {
// Queues the statement when the session is inside a group's PostgreSQL write; false otherwise.
bool queue_deferred(soci::session& sql, const std::string& text, std::vector<std::string> values);
inline std::string deferred_value(const std::string& v) {
  return v;
}
inline std::string deferred_value(long long v) {
  return std::to_string(v);
}
inline std::string deferred_value(int v) {
  return std::to_string(v);
}
}  // namespace detail

template <class... Values>
void defer(soci::session& sql, const std::string& text, const Values&... values) {
  if (detail::queue_deferred(sql, text, {detail::deferred_value(values)...})) return;
  prepared(sql, text, soci::use(values)...);
}

std::optional<std::string> memo(soci::session& sql, const std::string& key);
void set_memo(soci::session& sql, const std::string& key, const std::string& value);

// How many deferred statements this process sent with a control statement (tests, benchmarks).
long long deferred_sent();

// For store::Database only: the group's transaction and savepoints, as it runs them.
namespace write_group {
void begun(soci::session& sql, bool postgresql);  // BEGIN: a managed write starts (memo empty)
void savepoint_taken(soci::session& sql);         // SAVEPOINT trame_writer
void savepoint_undone(soci::session& sql);        // ROLLBACK TO trame_writer: memo put back, queue dropped
void ended(soci::session& sql);                   // COMMIT or ROLLBACK: memo and queue forgotten
bool has_deferred(soci::session& sql);
// Sends the queued statements, then `control` (statements without values), in one round trip. Returns
// normally when all ran; throws DeferredFailed (nothing after it ran) when a queued statement failed, or
// std::runtime_error when a control statement did.
void flush(soci::session& sql, const std::vector<const char*>& control);
struct DeferredFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace write_group

}  // namespace trame::store
