// Guest lists' rules: who may see a slot's list (the venue's or partner's staff, the network's
// coordinators), the list and its totals, check-in at the door by booking code (confirmed → used,
// with the time, a booking event and an audit entry), undoing a wrong check-in (used → confirmed),
// and the audit entries of the exports. A check-in keeps the booking's places (used holds places).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "outings/guestlists/model.hpp"
#include "outings/bookings/repository.hpp"
#include "outings/guestlists/repository.hpp"
#include "network/organisations/scope.hpp"
#include "platform/store/database.hpp"
#include "platform/core/permissions.hpp"

namespace trame::web {
class App;
}

namespace trame::guestlists {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  std::optional<Slot> slot(long long slot_id);
  // Whether the user may see and check in the slot's guests: the offer's venue or partner lies in
  // their outings.publish scope (its staff; coordinators within their délégations, docs/scopes.md).
  bool may_manage(const Principal& user, const Slot& slot);
  // That scope (organisations::network_scope for outings.publish), for the changes below: the slot's
  // venue or partner must lie in it, else "errors.403.message" and nothing changes.
  organisations::Scope scope(const Principal& user);

  std::vector<Guest> guests(long long slot_id, long long page, long long per_page, long long& total);
  std::vector<Guest> all_guests(long long slot_id);
  Totals totals(long long slot_id);

  // Checks in the booking whose code is typed (any case, with or without the dash) on this slot.
  // On another day than the outing's (its start's or end's local day) it is refused with
  // "guestlists.checkin.wrong_day" unless `override_day` (the staff's explicit checkbox), which the
  // audit log records ("booking.checked_in_other_day").
  // A group booking is checked in at once with `arrived`, the number who came (1 to its headcount; else
  // "guestlists.checkin.group_count" / "…group_count_invalid" on "arrived", nothing changed): it
  // becomes used and its group row records the number ("12 sur 15 arrivés").
  CheckIn check_in(const Actor& actor, const Slot& slot, const std::string& typed_code,
                   const organisations::Scope& scope, bool override_day = false, const std::string& arrived = {});
  // Undoes a check-in of this slot (used → confirmed). Outcome.id: the booking.
  Outcome undo(const Actor& actor, const Slot& slot, long long booking_id, const organisations::Scope& scope);

  // Records an export of the list (format: pdf, xlsx) in the audit log.
  void record_export(const Actor& actor, const Slot& slot, const std::string& format, std::size_t rows);

 private:
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
  bookings::Repository bookings_;  // a booking's status changes only there (the transition table)
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::guestlists
