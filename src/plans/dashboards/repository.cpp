#include "plans/dashboards/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::plans::dashboards {

namespace {

std::string in_clause(const std::string& column, const std::vector<long long>& ids, bool all) {
  if (all) return "1 = 1";
  return column + " IN (" + store::id_list(ids) + ")";
}

}  // namespace

OutingFigures Repository::relais_outings(soci::session& sql, const std::vector<long long>& relais, bool all,
                                         long long from, long long to) {
  OutingFigures f;
  // Sums from the figures kept per slot and relais (migration 0069); distinct people from the bookings
  // (an index-only walk of the period's slots through bookings_slot_people).
  sql << "SELECT CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT), CAST(COALESCE(SUM(f.bookings), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(f.no_shows), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             in_clause("f.organisation_id", relais, all),
      soci::use(from), soci::use(to), soci::into(f.places), soci::into(f.bookings), soci::into(f.no_shows);
  f.people = relais_people(sql, relais, all, from, to);
  return f;
}

long long Repository::relais_people(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                                    long long to) {
  long long n = 0;
  // COUNT(*) of a DISTINCT subquery: PostgreSQL hashes it (COUNT(DISTINCT …) sorts).
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT b.beneficiary_id FROM outing_slots s "
         "JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND b.beneficiary_id IS NOT NULL AND " +
             in_clause("b.organisation_id", relais, all) + ") q",
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

long long Repository::relais_places(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                                    long long to) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             in_clause("f.organisation_id", relais, all),
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

OutingFigures Repository::venue_outings(soci::session& sql, const std::vector<long long>& venues, long long from,
                                        long long to) {
  OutingFigures f;
  std::string venue = in_clause("o.venue_id", venues, false);
  sql << "SELECT CAST(COALESCE(SUM(s.capacity), 0) AS BIGINT) FROM outing_slots s "
         "JOIN outing_offers o ON o.id = s.offer_id WHERE s.status = 'open' AND s.starts_at >= :from "
         "AND s.starts_at < :to AND " +
             venue,
      soci::use(from), soci::use(to), soci::into(f.offered);
  sql << "SELECT CAST(COALESCE(SUM(f.booked_places), 0) AS BIGINT), CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(f.no_shows), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             venue,
      soci::use(from), soci::use(to), soci::into(f.booked), soci::into(f.places), soci::into(f.no_shows);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT b.beneficiary_id FROM outing_slots s "
         "JOIN outing_offers o ON o.id = s.offer_id JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND b.beneficiary_id IS NOT NULL AND " +
             venue + ") q",
      soci::use(from), soci::use(to), soci::into(f.people);
  return f;
}

long long Repository::venue_places(soci::session& sql, const std::vector<long long>& venues, long long from,
                                   long long to) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             in_clause("o.venue_id", venues, false),
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

std::vector<EpciLine> Repository::per_epci(soci::session& sql, const std::vector<long long>& relais, bool all,
                                           long long from, long long to) {
  std::vector<EpciLine> out;
  EpciLine l;
  soci::statement st =
      (sql.prepare << "SELECT e.siren, e.name, CAST(COALESCE(u.places, 0) AS BIGINT), "
                      "CAST((SELECT COALESCE(SUM(c2.population), 0) FROM communes c2 WHERE c2.epci_siren = e.siren) "
                      "AS BIGINT) FROM epcis e JOIN (SELECT c.epci_siren AS siren, SUM(b.places) AS places "
                      "FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
                      "JOIN beneficiaries p ON p.id = b.beneficiary_id JOIN communes c ON c.code = p.commune_code "
                      "WHERE b.status = 'used' AND s.starts_at >= :from AND s.starts_at < :to AND " +
                          in_clause("b.organisation_id", relais, all) +
                          " GROUP BY c.epci_siren) u ON u.siren = e.siren ORDER BY e.name, e.siren",
       soci::use(from), soci::use(to), soci::into(l.siren), soci::into(l.name), soci::into(l.places),
       soci::into(l.population));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

TrainingFigures Repository::trainings(soci::session& sql, const std::vector<long long>& organisers, bool all,
                                      long long from, long long to) {
  TrainingFigures f;
  std::string where =
      "FROM training_sessions ts JOIN training_programmes tp ON tp.id = ts.programme_id "
      "WHERE ts.status <> 'cancelled' AND ts.starts_at >= :from AND ts.starts_at < :to AND " +
      in_clause("tp.organiser_id", organisers, all);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) " + where, soci::use(from), soci::use(to), soci::into(f.sessions);
  sql << "SELECT CAST(COUNT(DISTINCT a.user_id) AS BIGINT) FROM training_applications a WHERE a.status IN "
         "('admitted', 'confirmed', 'completed') AND a.session_id IN (SELECT ts.id " +
             where + ")",
      soci::use(from), soci::use(to), soci::into(f.trainees);
  sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM training_attendance ta "
         "JOIN training_halfdays h ON h.id = ta.halfday_id WHERE ta.status = 'present' AND h.session_id IN "
         "(SELECT ts.id " +
             where + ")",
      soci::use(from), soci::use(to), soci::into(f.minutes);
  sql << "SELECT CAST(COALESCE(ROUND(10.0 * SUM(r.satisfaction * r.satisfaction_responses) / "
         "NULLIF(SUM(r.satisfaction_responses), 0)), 0) AS BIGINT) FROM programme_results r "
         "JOIN training_programmes tp ON tp.id = r.programme_id WHERE " +
             in_clause("tp.organiser_id", organisers, all) +
             " AND r.id = (SELECT r2.id FROM programme_results r2 WHERE r2.programme_id = r.programme_id "
             "AND r2.published = 1 AND r2.satisfaction IS NOT NULL AND r2.computed_at < :to "
             "ORDER BY r2.computed_at DESC, r2.id DESC LIMIT 1)",
      soci::use(to), soci::into(f.satisfaction_tenths);
  return f;
}

CertifierFigures Repository::certifications(soci::session& sql, const std::vector<long long>& owners, bool all,
                                            long long from, long long to) {
  CertifierFigures f;
  std::string owned = in_clause("c.owner_id", owners, all);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_registrations r JOIN certifications c "
         "ON c.id = r.certification_id WHERE r.created_at >= :from AND r.created_at < :to AND " +
             owned,
      soci::use(from), soci::use(to), soci::into(f.candidates);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_certificates cc JOIN certification_registrations r "
         "ON r.id = cc.registration_id JOIN certifications c ON c.id = r.certification_id WHERE cc.complete = 1 "
         "AND cc.revoked_at = 0 AND cc.issued_at >= :from AND cc.issued_at < :to AND " +
             owned,
      soci::use(from), soci::use(to), soci::into(f.successes);
  return f;
}

long long Repository::count_certifications(soci::session& sql, const std::vector<long long>& owners, bool all) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certifications c WHERE " + in_clause("c.owner_id", owners, all),
      soci::into(n);
  return n;
}

}  // namespace trame::plans::dashboards
