#include "plans/opendata/repository.hpp"

namespace trame::plans::opendata {

std::vector<SlotUse> Repository::slots(soci::session& sql) {
  std::vector<SlotUse> out;
  SlotUse u;
  soci::statement st =
      (sql.prepare << "SELECT s.starts_at, c.code, c.name, CAST(SUM(f.used_places) AS BIGINT), "
                      "CAST(SUM(f.used_bookings) AS BIGINT) FROM outing_slot_figures f "
                      "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
                      "JOIN organisations v ON v.id = o.venue_id JOIN communes c ON c.code = v.commune_code "
                      "WHERE f.used_bookings > 0 GROUP BY s.id, s.starts_at, c.code, c.name",
       soci::into(u.starts_at), soci::into(u.code), soci::into(u.name), soci::into(u.places), soci::into(u.bookings));
  st.execute();
  while (st.fetch()) out.push_back(u);
  return out;
}

std::vector<MonthPeople> Repository::people(soci::session& sql) {
  std::vector<MonthPeople> out;
  MonthPeople p;
  soci::statement st = (sql.prepare << "SELECT month, commune_code, CAST(people AS BIGINT) FROM outing_commune_months "
                                       "WHERE people > 0",
                        soci::into(p.month), soci::into(p.code), soci::into(p.people));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

}  // namespace trame::plans::opendata
