#include "plans/opendata/repository.hpp"

namespace trame::plans::opendata {

std::pair<long long, long long> Repository::span(soci::session& sql) {
  // The first and last slots with a used booking, from the figures kept per slot (migration 0069).
  long long first = 0, last = 0;
  sql << "SELECT CAST(COALESCE(MIN(s.starts_at), 0) AS BIGINT), CAST(COALESCE(MAX(s.starts_at), 0) AS BIGINT) "
         "FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
         "JOIN organisations v ON v.id = o.venue_id JOIN communes c ON c.code = v.commune_code "
         "WHERE f.used_bookings > 0",
      soci::into(first), soci::into(last);
  return {first, last};
}

std::vector<CommuneMonth> Repository::month(soci::session& sql, int month, long long from, long long to) {
  // Places and bookings from the figures kept per slot (migration 0069), distinct people from those kept per
  // commune and month (migration 0081): no booking row is read.
  std::vector<CommuneMonth> out;
  CommuneMonth m;
  soci::statement st =
      (sql.prepare
           << "SELECT c.code, c.name, CAST(SUM(f.used_places) AS BIGINT), CAST(COALESCE((SELECT cm.people "
              "FROM outing_commune_months cm WHERE cm.month = :month AND cm.commune_code = c.code), 0) AS BIGINT), "
              "CAST(SUM(f.used_bookings) AS BIGINT) FROM outing_slot_figures f "
              "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
              "JOIN organisations v ON v.id = o.venue_id JOIN communes c ON c.code = v.commune_code "
              "WHERE f.used_bookings > 0 AND s.starts_at >= :from AND s.starts_at < :to "
              "GROUP BY c.code, c.name ORDER BY 1",
       soci::use(month), soci::use(from), soci::use(to), soci::into(m.code), soci::into(m.name), soci::into(m.places),
       soci::into(m.people), soci::into(m.bookings));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

}  // namespace trame::plans::opendata
