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
  // Every (month, commune of venues) with a used booking, from the figures kept per month and commune
  // (migration 0092), by month and code.
  std::vector<CommuneUse> uses(soci::session& sql);
  // Distinct people per Paris month and commune of venues, from the figures kept per commune (migration 0081).
  std::vector<MonthPeople> people(soci::session& sql);
};

}  // namespace trame::plans::opendata
