#include "privacy/retention/repository.hpp"

#include <string>

namespace trame::privacy::retention {

namespace {

// The beneficiaries past the limit: no outing (slot start) since cutoff, created before it. « No booking whose
// slot starts at or after cutoff » rather than « the latest slot before cutoff »: the same rows, but PostgreSQL
// anti-joins the bookings in one pass and SQLite stops at the first recent booking, instead of a MAX over
// each person's bookings (issue 22: 4.6 s → 0.55 s on PostgreSQL, 2.9 s → 0.8 s on SQLite, national size).
const std::string kBeneficiariesPast =
    " code NOT LIKE 'anonyme-%' AND created_at < :cutoff AND NOT EXISTS (SELECT 1 FROM bookings b "
    "JOIN outing_slots s ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id AND s.starts_at >= :cutoff2)";

const std::string kApplicationsPast =
    " status IN ('refused', 'withdrawn') AND (motivation <> '' OR project <> '' OR adaptation_request <> '' "
    "OR decision_reason <> '' OR dropout_detail <> '' OR phone <> '') AND (CASE WHEN status = 'withdrawn' AND "
    "withdrawn_at > 0 "
    "THEN withdrawn_at WHEN decided_at > 0 THEN decided_at ELSE requested_at END) < :cutoff";

const std::string kOutboxPast = " status IN ('sent', 'failed') AND created_at < :cutoff";

// The trainees' applications of the sessions (co-financed by the ESF or not) ended before cutoff.
std::string sessions_ended(bool esf) {
  static const std::string kEsf =
      "(SELECT id FROM training_sessions WHERE esf = 1 AND ends_at > 0 AND ends_at < :cutoff)";
  static const std::string kOthers =
      "(SELECT id FROM training_sessions WHERE esf = 0 AND ends_at > 0 AND ends_at < :cutoff)";
  return esf ? kEsf : kOthers;
}
std::string applications_of(bool esf) {
  return "(SELECT id FROM training_applications WHERE session_id IN " + sessions_ended(esf) + ")";
}
// ... that still hold a file: free text, attendance evidence, a generated document, interview, contact or
// follow-up notes.
std::string trainee_files_past(bool esf) {
  return " session_id IN " + sessions_ended(esf) +
         " AND (motivation <> '' OR project <> '' OR adaptation_request <> '' OR decision_reason <> '' OR "
         "dropout_detail <> '' OR job_role <> '' OR phone <> '' "
         "OR EXISTS (SELECT 1 FROM training_attendance t WHERE t.application_id = training_applications.id) "
         "OR EXISTS (SELECT 1 FROM training_attendance_corrections c WHERE c.application_id = "
         "training_applications.id) "
         "OR EXISTS (SELECT 1 FROM training_documents d WHERE d.application_id = training_applications.id) "
         "OR EXISTS (SELECT 1 FROM training_interviews i WHERE i.application_id = training_applications.id AND "
         "(i.place <> '' OR i.note_motivation <> '' OR i.note_project <> '' OR i.note_availability <> '' OR "
         "i.note_funding <> '' OR i.note_adaptation <> '')) "
         "OR EXISTS (SELECT 1 FROM training_contacts k WHERE k.application_id = training_applications.id AND "
         "k.summary <> '') "
         "OR EXISTS (SELECT 1 FROM training_followups f WHERE f.application_id = training_applications.id AND "
         "(f.objective <> '' OR f.progress <> '' OR f.next_step <> '')))";
}

// Candidates' entries whose session's minutes were locked (the result made final) before cutoff, still
// holding a report's content or a juror's notes.
const std::string kEntriesLocked =
    "(SELECT e.id FROM certification_entries e JOIN certification_minutes m ON m.session_id = e.session_id "
    "WHERE m.locked_at > 0 AND m.locked_at < :cutoff)";
const std::string kReportsPast =
    " id IN " + kEntriesLocked +
    " AND (EXISTS (SELECT 1 FROM certification_reports r WHERE r.entry_id = certification_entries.id AND "
    "length(r.data) > 0) OR EXISTS (SELECT 1 FROM certification_grids g WHERE g.entry_id = certification_entries.id "
    "AND (g.reopened_reason <> '' OR EXISTS (SELECT 1 FROM certification_grid_marks k WHERE k.grid_id = g.id AND "
    "k.comment <> ''))))";

// Placeholders are bound by position (a name used twice is not portable): `twice` for two.
long long count_where(soci::session& sql, const std::string& table, const std::string& where, long long cutoff,
                      bool twice = false) {
  long long n = 0;
  std::string query = "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table + " WHERE" + where;
  if (twice) sql << query, soci::use(cutoff), soci::use(cutoff), soci::into(n);
  else sql << query, soci::use(cutoff), soci::into(n);
  return n;
}

long long affected(soci::statement& st) {
  return static_cast<long long>(st.get_affected_rows());
}

}  // namespace

long long Repository::count_beneficiaries(soci::session& sql, long long cutoff) {
  return count_where(sql, "beneficiaries", kBeneficiariesPast, cutoff, true);
}

long long Repository::anonymise_beneficiaries(soci::session& sql, long long cutoff, long long now) {
  // The free text of their bookings first (while the rows still match).
  sql << "UPDATE bookings SET cancel_note = '' WHERE cancel_note <> '' AND beneficiary_id IN "
         "(SELECT id FROM beneficiaries WHERE" +
             kBeneficiariesPast + ")",
      soci::use(cutoff), soci::use(cutoff);
  soci::statement st = (sql.prepare << "UPDATE beneficiaries SET code = 'anonyme-' || CAST(id AS TEXT), "
                                       "status = 'archived', updated_at = :now WHERE" +
                                           kBeneficiariesPast,
                        soci::use(now), soci::use(cutoff), soci::use(cutoff));
  st.execute(true);
  return affected(st);
}

long long Repository::count_applications(soci::session& sql, long long cutoff) {
  return count_where(sql, "training_applications", kApplicationsPast, cutoff);
}

long long Repository::strip_applications(soci::session& sql, long long cutoff) {
  soci::statement st =
      (sql.prepare << "UPDATE training_applications SET motivation = '', project = '', "
                      "adaptation_request = '', decision_reason = '', dropout_detail = '', phone = '' WHERE" +
                          kApplicationsPast,
       soci::use(cutoff));
  st.execute(true);
  return affected(st);
}

long long Repository::count_outbox(soci::session& sql, long long cutoff) {
  return count_where(sql, "mail_outbox", kOutboxPast, cutoff);
}

long long Repository::delete_outbox(soci::session& sql, long long cutoff) {
  soci::statement st = (sql.prepare << "DELETE FROM mail_outbox WHERE" + kOutboxPast, soci::use(cutoff));
  st.execute(true);
  return affected(st);
}

long long Repository::count_trainee_files(soci::session& sql, long long cutoff, bool esf) {
  return count_where(sql, "training_applications", trainee_files_past(esf), cutoff);
}

long long Repository::strip_trainee_files(soci::session& sql, long long cutoff, bool esf) {
  long long n = count_trainee_files(sql, cutoff, esf);
  const std::string apps = applications_of(esf);
  sql << "DELETE FROM training_attendance WHERE application_id IN " + apps, soci::use(cutoff);
  sql << "DELETE FROM training_attendance_corrections WHERE application_id IN " + apps, soci::use(cutoff);
  // Every document of the session: the trainees' own and the attendance sheets, which name them all.
  sql << "DELETE FROM training_documents WHERE session_id IN " + sessions_ended(esf), soci::use(cutoff);
  sql << "UPDATE training_interviews SET place = '', note_motivation = '', note_project = '', note_availability = '', "
         "note_funding = '', note_adaptation = '' WHERE application_id IN " +
             apps,
      soci::use(cutoff);
  sql << "UPDATE training_contacts SET summary = '' WHERE summary <> '' AND application_id IN " + apps,
      soci::use(cutoff);
  sql << "UPDATE training_followups SET objective = '', progress = '', next_step = '' WHERE application_id IN " + apps,
      soci::use(cutoff);
  sql << "UPDATE training_applications SET motivation = '', project = '', adaptation_request = '', "
         "decision_reason = '', dropout_detail = '', job_role = '', phone = '' WHERE session_id IN " +
             sessions_ended(esf),
      soci::use(cutoff);
  return n;
}

long long Repository::count_candidate_reports(soci::session& sql, long long cutoff) {
  return count_where(sql, "certification_entries", kReportsPast, cutoff);
}

long long Repository::strip_candidate_reports(soci::session& sql, long long cutoff) {
  long long n = count_candidate_reports(sql, cutoff);
  sql << "UPDATE certification_reports SET filename = '', data = substr(data, 1, 0) WHERE length(data) > 0 AND "
         "entry_id IN " +
             kEntriesLocked,
      soci::use(cutoff);
  sql << "UPDATE certification_grid_marks SET comment = '' WHERE comment <> '' AND grid_id IN (SELECT g.id FROM "
         "certification_grids g WHERE g.entry_id IN " +
             kEntriesLocked + ")",
      soci::use(cutoff);
  sql << "UPDATE certification_grids SET reopened_reason = '' WHERE reopened_reason <> '' AND entry_id IN " +
             kEntriesLocked,
      soci::use(cutoff);
  return n;
}

}  // namespace trame::privacy::retention
