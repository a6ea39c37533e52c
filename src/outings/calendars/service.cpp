#include "outings/calendars/service.hpp"

#include <algorithm>

#include "network/organisations/scope.hpp"

namespace trame::calendars {

namespace {
std::string known_zone(const std::string& zone) {
  const auto& z = zones();
  return std::find(z.begin(), z.end(), zone) != z.end() ? zone : std::string();
}
}  // namespace

std::vector<Holiday> Service::page(const std::string& zone, long long page, long long per_page, long long& total) {
  const std::string z = known_zone(zone);
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, z);
    return repo_.page(sql, z, (page - 1) * per_page, per_page);
  });
}

std::vector<Holiday> Service::all() {
  return db_.read([&](soci::session& sql) { return repo_.holidays(sql, ""); });
}

bool Service::may_replace(const Principal& me) {
  return db_.read(
      [&](soci::session& sql) { return organisations::network_scope(sql, me, perm::outings_manage).everywhere; });
}

Outcome Service::replace(const Actor& actor, const Principal& me, const std::string& content) {
  if (!may_replace(me)) return Outcome::forbidden();
  Preview p = read_csv(content);
  if (!p.errors.empty()) return Outcome::failure("calendars.errors.has_errors", "fichier");
  return db_.write([&](soci::session& sql) {
    repo_.replace(sql, p.rows);
    audit_.record(sql, actor, "outings.calendar_replaced", "school_holidays",
                  std::to_string(p.rows.size()) + " période(s)");
    return Outcome::success(static_cast<long long>(p.rows.size()));
  });
}

}  // namespace trame::calendars
