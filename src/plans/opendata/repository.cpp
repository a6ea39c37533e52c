#include "plans/opendata/repository.hpp"

namespace trame::plans::opendata {

std::vector<CommuneUse> Repository::uses(soci::session& sql) {
  std::vector<CommuneUse> out;
  CommuneUse u;
  soci::statement st =
      (sql.prepare << "SELECT k.month, c.code, c.name, CAST(k.places AS BIGINT), CAST(k.bookings AS BIGINT) "
                      "FROM outing_commune_figures k JOIN communes c ON c.code = k.commune_code "
                      "WHERE k.bookings > 0 ORDER BY k.month, c.code",
       soci::into(u.month), soci::into(u.code), soci::into(u.name), soci::into(u.places), soci::into(u.bookings));
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
