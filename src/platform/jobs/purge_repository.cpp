// The SQL of the nightly purge (jobs::purge_expired, declared in scheduler.hpp).
#include "platform/jobs/scheduler.hpp"
#include "platform/store/rate_limits.hpp"

namespace trame::jobs {

long long purge_expired(store::Database& db, long long now) {
  const long long day = 24 * 3600;
  return db.write([&](soci::session& sql) {
    long long removed = 0;
    auto exec = [&](const std::string& query, long long before) {
      soci::statement st = (sql.prepare << query, soci::use(before));
      st.execute(true);
      removed += st.get_affected_rows();
    };
    exec("DELETE FROM rate_events WHERE at < :b", now - day);  // unused since 0018; older rows go
    removed += store::purge_rates(sql, now - day);
    exec("DELETE FROM form_submissions WHERE at < :b", now - day);
    exec("DELETE FROM sessions WHERE expires_at < :b", now - 30 * day);
    exec("DELETE FROM password_resets WHERE expires_at < :b", now - 30 * day);
    // A CSV import previewed but never confirmed within a week is dropped (confirmed ones are kept).
    exec("DELETE FROM import_batches WHERE status = 'pending' AND created_at < :b", now - 7 * day);
    return removed;
  });
}

}  // namespace trame::jobs
