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
  // Every slot with a used booking at a venue with a commune, from the figures kept per slot (migration 0069).
  std::vector<SlotUse> slots(soci::session& sql);
  // Distinct people per Paris month and commune of venues, from the figures kept per commune (migration 0081).
  std::vector<MonthPeople> people(soci::session& sql);
};

}  // namespace trame::plans::opendata
