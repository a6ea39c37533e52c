// The reads and writes behind the funders' dues (funding.hpp).
#include <vector>

#include "trainings/enrolments/funding.hpp"

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

long long application_session(soci::session& sql, long long application_id) {
  long long session_id = 0;
  sql << "SELECT session_id FROM training_applications WHERE id = :id", soci::into(session_id),
      soci::use(application_id);
  return sql.got_data() ? session_id : 0;
}

std::vector<DueLine> due_lines(soci::session& sql, long long application_id) {
  std::vector<long long> ids(200), amounts(200), covered(200);
  sql << "SELECT id, amount_cents, CAST(minutes_covered AS BIGINT) FROM training_funding_lines "
         "WHERE application_id = :id ORDER BY id",
      soci::into(ids), soci::into(amounts), soci::into(covered), soci::use(application_id);
  std::vector<DueLine> lines;
  for (std::size_t i = 0; i < ids.size(); ++i) lines.push_back({ids[i], amounts[i], covered[i]});
  return lines;
}

void set_due(soci::session& sql, long long line_id, long long due_cents) {
  sql << "UPDATE training_funding_lines SET due_cents = :due WHERE id = :id", soci::use(due_cents), soci::use(line_id);
}

}  // namespace trame::enrolments
