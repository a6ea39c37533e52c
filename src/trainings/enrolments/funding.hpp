// Attended time and the amounts funders owe: shared by enrolments (funding lines), attendance
// (recomputed when a sheet is locked or corrected) and training_documents (certificates, hours).
#pragma once
#include <soci/soci.h>

namespace trame::enrolments {

// Minutes of the half-days where the trainee is recorded present.
long long attended_minutes(soci::session& sql, long long application_id);
// Minutes of all the session's half-days (the planned length).
long long planned_minutes(soci::session& sql, long long session_id);
// Recomputes due_cents of every funding line of the application, pro rata of attended minutes:
// due = amount × min(attended, covered) / covered, covered being the line's minutes (or the planned
// length when 0). Call inside the transaction that changed attendance.
void recompute_due(soci::session& sql, long long application_id);

}  // namespace trame::enrolments
