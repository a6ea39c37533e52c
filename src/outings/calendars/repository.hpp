// The school holidays table (migrations/*/0059_calendars.sql).
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/calendars/model.hpp"

namespace trame::calendars {

class Repository {
 public:
  // Every holiday of a zone (all zones when empty), by first day.
  std::vector<Holiday> holidays(soci::session& sql, const std::string& zone);
  // A page of the calendar, by first day then zone (zone empty: all).
  std::vector<Holiday> page(soci::session& sql, const std::string& zone, long long offset, long long limit);
  long long count(soci::session& sql, const std::string& zone);
  // Replaces the whole calendar by these rows (inside the caller's transaction).
  void replace(soci::session& sql, const std::vector<Holiday>& rows);
};

}  // namespace trame::calendars
