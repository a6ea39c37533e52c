#include "platform/store/rate_limits.hpp"

namespace trame::store {

bool take_rate(soci::session& sql, const std::string& bucket, long long max, long long window, long long now) {
  if (max <= 0) return false;
  const long long expired = now - window;  // a window that opened at or before this has passed
  // The WHERE of DO UPDATE is evaluated on the row as locked (PostgreSQL re-reads it after a
  // concurrent writer commits), so the last unit goes to one caller only. SQLite and PostgreSQL
  // both evaluate every SET expression on the old row.
  soci::statement st =
      (sql.prepare << "INSERT INTO rate_limits (bucket, window_start, used) VALUES (:b, :n, 1) "
                      "ON CONFLICT (bucket) DO UPDATE SET "
                      "used = CASE WHEN rate_limits.window_start <= :e1 THEN 1 ELSE rate_limits.used + 1 END, "
                      "window_start = CASE WHEN rate_limits.window_start <= :e2 THEN :n2 "
                      "ELSE rate_limits.window_start END "
                      "WHERE rate_limits.window_start <= :e3 OR rate_limits.used < :m",
       soci::use(bucket), soci::use(now), soci::use(expired), soci::use(expired), soci::use(now), soci::use(expired),
       soci::use(max));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool take_rates(soci::session& sql, const std::vector<RateBudget>& budgets, long long now) {
  for (std::size_t i = 0; i < budgets.size(); ++i) {
    if (take_rate(sql, budgets[i].bucket, budgets[i].max, budgets[i].window, now)) continue;
    while (i-- > 0) give_back_rate(sql, budgets[i].bucket);
    return false;
  }
  return true;
}

void give_back_rate(soci::session& sql, const std::string& bucket) {
  sql << "UPDATE rate_limits SET used = used - 1 WHERE bucket = :b AND used > 0", soci::use(bucket);
}

void clear_rate(soci::session& sql, const std::string& bucket) {
  sql << "DELETE FROM rate_limits WHERE bucket = :b", soci::use(bucket);
}

long long rate_used(soci::session& sql, const std::string& bucket, long long window, long long now) {
  long long used = 0;
  soci::indicator ind = soci::i_null;
  const long long expired = now - window;
  sql << "SELECT CAST(COALESCE(MAX(used), 0) AS BIGINT) FROM rate_limits WHERE bucket = :b AND window_start > :e",
      soci::use(bucket), soci::use(expired), soci::into(used, ind);
  return ind == soci::i_ok ? used : 0;
}

long long purge_rates(soci::session& sql, long long before) {
  soci::statement st = (sql.prepare << "DELETE FROM rate_limits WHERE window_start < :b", soci::use(before));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace trame::store
