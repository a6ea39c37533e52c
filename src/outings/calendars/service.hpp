// The school calendar of the outings (docs/outings.md "Calendars and day rules"): shown by zone, downloaded
// as CSV, replaced by an uploaded CSV (checked and previewed, then confirmed in one transaction: every row
// replaced, or nothing changed). Coordinators and administrators (outings.manage).
#pragma once
#include <string>
#include <vector>

#include "outings/calendars/model.hpp"
#include "outings/calendars/repository.hpp"
#include "outings/calendars/rules.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::calendars {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // A page of the calendar (zone empty or one of zones(); anything else reads as every zone).
  std::vector<Holiday> page(const std::string& zone, long long page, long long per_page, long long& total);
  std::vector<Holiday> all();
  // The uploaded file read and checked, nothing written.
  static Preview check(const std::string& content) { return read_csv(content); }
  // Whether this person replaces the calendar: the calendar is the whole network's, like allocations
  // (administrators and network-wide coordinators; a délégation-limited coordinator only reads it).
  bool may_replace(const Principal& me);
  // Replaces the calendar by the file's rows, all or none: denied without may_replace; refused
  // ("calendars.errors.has_errors", nothing changed) when a line is faulty. On success, Outcome::id is
  // the number of rows.
  Outcome replace(const Actor& actor, const Principal& me, const std::string& content);

 private:
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::calendars
