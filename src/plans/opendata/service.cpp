#include "plans/opendata/service.hpp"

#include <cstdio>
#include <map>
#include <utility>

#include "platform/core/calendar.hpp"

namespace trame::plans::opendata {

std::vector<CommuneMonth> Service::dataset() {
  return db_.read([&](soci::session& sql) {
    // The slots' figures added up per Paris month and commune (one query over the slots with a used booking),
    // then each cell's distinct people (kept per month and commune).
    std::map<std::pair<int, std::string>, CommuneMonth> cells;
    for (const auto& u : repo_.slots(sql)) {
      Date d = local_date(u.starts_at);
      auto& cell = cells[{d.year * 100 + d.month, u.code}];
      if (cell.code.empty()) {
        char month[8];
        std::snprintf(month, sizeof month, "%04d-%02d", d.year, d.month);
        cell.month = month;
        cell.code = u.code;
        cell.name = u.name;
      }
      cell.places += u.places;
      cell.bookings += u.bookings;
    }
    for (const auto& p : repo_.people(sql))
      if (auto it = cells.find({p.month, p.code}); it != cells.end()) it->second.people = p.people;
    std::vector<CommuneMonth> out;
    out.reserve(cells.size());
    for (auto& entry : cells) out.push_back(std::move(entry.second));
    return out;
  });
}

}  // namespace trame::plans::opendata
