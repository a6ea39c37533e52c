// Attended time and the amounts funders owe: shared by enrolments (funding lines), attendance
// (recomputed when a sheet is locked or corrected) and training_documents (certificates, hours).
#pragma once
#include <vector>

#include <soci/soci.h>

namespace trame::enrolments {

// The reads and writes (funding_repository.cpp).
// Minutes of the half-days where the trainee is recorded present.
long long attended_minutes(soci::session& sql, long long application_id);
// Minutes of all the session's half-days (the planned length).
long long planned_minutes(soci::session& sql, long long session_id);
// The session of an application (0 when unknown).
long long application_session(soci::session& sql, long long application_id);
// The application's funding lines (at most 200), by id: amount and minutes covered (0: the whole session).
struct DueLine {
  long long id = 0;
  long long amount_cents = 0;
  long long minutes_covered = 0;
};
std::vector<DueLine> due_lines(soci::session& sql, long long application_id);
void set_due(soci::session& sql, long long line_id, long long due_cents);

// The rule (funding.cpp): amount × min(attended, base) / base, base being the minutes covered, or the
// planned length when 0; nothing when both are 0.
long long prorated_due(long long amount_cents, long long attended, long long covered, long long planned);
// Recomputes due_cents of every funding line of the application, pro rata of attended minutes:
// due = amount × min(attended, covered) / covered, covered being the line's minutes (or the planned
// length when 0). Call inside the transaction that changed attendance.
void recompute_due(soci::session& sql, long long application_id);

}  // namespace trame::enrolments
