#include "trainings/enrolments/funding.hpp"

#include <algorithm>

namespace trame::enrolments {

long long prorated_due(long long amount_cents, long long attended, long long covered, long long planned) {
  const long long base = covered > 0 ? covered : planned;
  return base > 0 ? amount_cents * std::min(attended, base) / base : 0;
}

void recompute_due(soci::session& sql, long long application_id) {
  const long long session_id = application_session(sql, application_id);
  if (!session_id) return;
  const long long attended = attended_minutes(sql, application_id);
  const long long planned = planned_minutes(sql, session_id);
  for (const auto& line : due_lines(sql, application_id))
    set_due(sql, line.id, prorated_due(line.amount_cents, attended, line.minutes_covered, planned));
}

}  // namespace trame::enrolments
