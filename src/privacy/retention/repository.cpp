#include "privacy/retention/repository.hpp"

#include <string>

namespace trame::privacy::retention {

namespace {

// The beneficiaries past the limit: no outing (slot start) since cutoff, created before it.
const std::string kBeneficiariesPast =
    " code NOT LIKE 'anonyme-%' AND COALESCE((SELECT MAX(s.starts_at) FROM bookings b "
    "JOIN outing_slots s ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id), created_at) < :cutoff "
    "AND created_at < :cutoff2";

const std::string kApplicationsPast =
    " status IN ('refused', 'withdrawn') AND (motivation <> '' OR project <> '' OR adaptation_request <> '' "
    "OR decision_reason <> '' OR dropout_detail <> '') AND (CASE WHEN status = 'withdrawn' AND withdrawn_at > 0 "
    "THEN withdrawn_at WHEN decided_at > 0 THEN decided_at ELSE requested_at END) < :cutoff";

const std::string kOutboxPast = " status IN ('sent', 'failed') AND created_at < :cutoff";

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
  soci::statement st = (sql.prepare << "UPDATE training_applications SET motivation = '', project = '', "
                                       "adaptation_request = '', decision_reason = '', dropout_detail = '' WHERE" +
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

}  // namespace trame::privacy::retention
