#include "plans/opendata/service.hpp"

#include <cstdio>

#include "platform/core/calendar.hpp"

namespace trame::plans::opendata {

std::vector<CommuneMonth> Service::dataset() {
  return db_.read([&](soci::session& sql) {
    std::vector<CommuneMonth> out;
    auto [first, last] = repo_.span(sql);
    if (first == 0 && last == 0) return out;
    Date d = local_date(first), end = local_date(last);
    for (int y = d.year, m = d.month; y < end.year || (y == end.year && m <= end.month);) {
      char month[8];
      std::snprintf(month, sizeof month, "%04d-%02d", y, m);
      for (auto& line : repo_.month(sql, y * 100 + m, month_start(y, m), next_month_start(y, m))) {
        line.month = month;
        out.push_back(std::move(line));
      }
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
    return out;
  });
}

}  // namespace trame::plans::opendata
