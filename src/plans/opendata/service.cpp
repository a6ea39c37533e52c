#include "plans/opendata/service.hpp"

#include <cstdio>
#include <map>
#include <utility>

namespace trame::plans::opendata {

std::vector<CommuneMonth> Service::dataset() {
  return db_.read([&](soci::session& sql) {
    // Places and bookings kept per Paris month and commune (migration 0092), then each cell's distinct people
    // (kept per month and commune, migration 0081).
    std::map<std::pair<int, std::string>, CommuneMonth> cells;
    for (const auto& u : repo_.uses(sql)) {
      auto& cell = cells[{u.month, u.code}];
      char month[16];
      std::snprintf(month, sizeof month, "%04d-%02d", u.month / 100, u.month % 100);
      cell.month = month;
      cell.code = u.code;
      cell.name = u.name;
      cell.places = u.places;
      cell.bookings = u.bookings;
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
