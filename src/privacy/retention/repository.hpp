// Retention's SQL: for each rule, count the rows past the limit, and anonymise or delete them.
#pragma once
#include <soci/soci.h>

namespace trame::privacy::retention {

class Repository {
 public:
  // Beneficiaries whose last outing (else their creation) is before cutoff, not yet anonymised.
  static long long count_beneficiaries(soci::session& sql, long long cutoff);
  // Their code becomes « anonyme-ID » (the referent's link to the person is cut), they are archived and
  // the free text of their bookings is cleared; bookings stay, so every statistic counts them still.
  static long long anonymise_beneficiaries(soci::session& sql, long long cutoff, long long now);
  // Training applications not admitted (refused, withdrawn) decided before cutoff, still holding text.
  static long long count_applications(soci::session& sql, long long cutoff);
  // Their free text (motivation, project, adaptation request, reasons) and phone are cleared; the row stays.
  static long long strip_applications(soci::session& sql, long long cutoff);
  // E-mails of the outbox sent or failed, created before cutoff.
  static long long count_outbox(soci::session& sql, long long cutoff);
  static long long delete_outbox(soci::session& sql, long long cutoff);
  // Trainees' applications of the sessions (co-financed by the ESF: `esf`) ended before cutoff that still
  // hold a file (free text, attendance evidence, a document, interview, contact or follow-up notes).
  static long long count_trainee_files(soci::session& sql, long long cutoff, bool esf);
  // Erased: attendance evidence (rows and corrections) and the session's generated documents (convocations,
  // attendance sheets, certificates, attestations, hours statements); the free text of the applications,
  // interviews, contacts and follow-ups. Kept, for the statistics and accounts: the application rows (status,
  // sector, dates, drop-out cause), funding lines, agreements, invoices. Returns the applications touched.
  static long long strip_trainee_files(soci::session& sql, long long cutoff, bool esf);
  // Candidates' entries (certification_entries) whose session's minutes were locked before cutoff and that
  // still hold their written report's content or jurors' notes.
  static long long count_candidate_reports(soci::session& sql, long long cutoff);
  // The report's bytes and file name are erased (its size, SHA-256 and receipt time stay: it was handed in,
  // on time), so are the jurors' comments on criteria and the reasons a grid was reopened; the marks, the
  // block decisions with their reasons, the minutes and the certificate stay (the result). Returns the
  // entries touched.
  static long long strip_candidate_reports(soci::session& sql, long long cutoff);
};

}  // namespace trame::privacy::retention
