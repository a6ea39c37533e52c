// SQL of open data: read-only aggregates of used bookings by the venue's commune.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "plans/opendata/model.hpp"

namespace trame::plans::opendata {

class Repository {
 public:
  // The first and last slot start of a used booking at a venue with a commune; {0, 0} when none.
  std::pair<long long, long long> span(soci::session& sql);
  // The communes' figures of a Paris month (YYYYMM) whose slots start in [from, to), by INSEE code (month
  // left empty).
  std::vector<CommuneMonth> month(soci::session& sql, int month, long long from, long long to);
};

}  // namespace trame::plans::opendata
