#include "trainings/enrolments/funding.hpp"

#include <algorithm>
#include <vector>

namespace trame::enrolments {

long long attended_minutes(soci::session& sql, long long application_id) {
  long long minutes = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM training_attendance a "
         "JOIN training_halfdays h ON h.id = a.halfday_id WHERE a.application_id = :id AND a.status = 'present'",
      soci::into(minutes, ind), soci::use(application_id);
  return ind == soci::i_ok ? minutes : 0;
}

long long planned_minutes(soci::session& sql, long long session_id) {
  long long minutes = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM training_halfdays WHERE session_id = :id",
      soci::into(minutes, ind), soci::use(session_id);
  return ind == soci::i_ok ? minutes : 0;
}

void recompute_due(soci::session& sql, long long application_id) {
  long long session_id = 0;
  sql << "SELECT session_id FROM training_applications WHERE id = :id", soci::into(session_id),
      soci::use(application_id);
  if (!sql.got_data()) return;
  const long long attended = attended_minutes(sql, application_id);
  const long long planned = planned_minutes(sql, session_id);
  std::vector<long long> ids(200), amounts(200), covered(200);
  sql << "SELECT id, amount_cents, CAST(minutes_covered AS BIGINT) FROM training_funding_lines "
         "WHERE application_id = :id ORDER BY id",
      soci::into(ids), soci::into(amounts), soci::into(covered), soci::use(application_id);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const long long base = covered[i] > 0 ? covered[i] : planned;
    const long long due = base > 0 ? amounts[i] * std::min(attended, base) / base : 0;
    sql << "UPDATE training_funding_lines SET due_cents = :due WHERE id = :id", soci::use(due), soci::use(ids[i]);
  }
}

}  // namespace trame::enrolments
