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
  // Their free text (motivation, project, adaptation request, reasons) is cleared; the row stays.
  static long long strip_applications(soci::session& sql, long long cutoff);
  // E-mails of the outbox sent or failed, created before cutoff.
  static long long count_outbox(soci::session& sql, long long cutoff);
  static long long delete_outbox(soci::session& sql, long long cutoff);
};

}  // namespace trame::privacy::retention
