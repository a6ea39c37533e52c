#include "outings/calendars/repository.hpp"

namespace trame::calendars {

namespace {
const char* kSelect = "SELECT id, zone, name, first_day, last_day FROM school_holidays ";
// ':z' twice: '' selects every zone.
const char* kWhere = "WHERE (:z = '' OR zone = :z2) ";

std::vector<Holiday> fetch(soci::statement& st, Holiday& h) {
  std::vector<Holiday> out;
  st.execute();
  while (st.fetch()) out.push_back(h);
  return out;
}
}  // namespace

std::vector<Holiday> Repository::holidays(soci::session& sql, const std::string& zone) {
  Holiday h;
  soci::statement st = (sql.prepare << std::string(kSelect) + kWhere + "ORDER BY first_day, zone, id", soci::into(h.id),
                        soci::into(h.zone), soci::into(h.name), soci::into(h.first_day), soci::into(h.last_day),
                        soci::use(zone), soci::use(zone));
  return fetch(st, h);
}

std::vector<Holiday> Repository::page(soci::session& sql, const std::string& zone, long long offset, long long limit) {
  Holiday h;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + kWhere + "ORDER BY first_day, zone, id LIMIT :l OFFSET :o",
       soci::into(h.id), soci::into(h.zone), soci::into(h.name), soci::into(h.first_day), soci::into(h.last_day),
       soci::use(zone), soci::use(zone), soci::use(limit), soci::use(offset));
  return fetch(st, h);
}

long long Repository::count(soci::session& sql, const std::string& zone) {
  long long n = 0;
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM school_holidays ") + kWhere, soci::use(zone),
      soci::use(zone), soci::into(n);
  return n;
}

void Repository::replace(soci::session& sql, const std::vector<Holiday>& rows) {
  sql << "DELETE FROM school_holidays";
  for (const auto& h : rows)
    sql << "INSERT INTO school_holidays (zone, name, first_day, last_day) VALUES (:z, :n, :f, :l)", soci::use(h.zone),
        soci::use(h.name), soci::use(h.first_day), soci::use(h.last_day);
}

}  // namespace trame::calendars
