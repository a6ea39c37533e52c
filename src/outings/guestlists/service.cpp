#include "outings/guestlists/service.hpp"

#include <ctime>

#include "platform/core/calendar.hpp"

namespace trame::guestlists {

namespace {
using store::now_seconds;  // the one clock (honours TRAME_CLOCK_OFFSET)
std::string subject_of(long long booking_id) {
  return "booking:" + std::to_string(booking_id);
}
}  // namespace

std::optional<Slot> Service::slot(long long slot_id) {
  return db_.read([&](soci::session& sql) { return repo_.find_slot(sql, slot_id); });
}

bool Service::may_manage(const Principal& user, const Slot& slot) {
  if (user.can_in(perm::outings_publish, slot.venue_id) || user.can_in(perm::outings_publish, slot.partner_id))
    return true;
  return db_.read([&](soci::session& sql) {
    return organisations::any_in_scope(sql, organisations::network_scope(sql, user, perm::outings_publish),
                                       {slot.venue_id, slot.partner_id});
  });
}

std::vector<Guest> Service::guests(long long slot_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.totals(sql, slot_id).bookings;
    return repo_.guests(sql, slot_id, (page - 1) * per_page, per_page);
  });
}

std::vector<Guest> Service::all_guests(long long slot_id) {
  return db_.read([&](soci::session& sql) { return repo_.guests(sql, slot_id, 0, 0); });
}

Totals Service::totals(long long slot_id) {
  return db_.read([&](soci::session& sql) { return repo_.totals(sql, slot_id); });
}

organisations::Scope Service::scope(const Principal& user) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, user, perm::outings_publish); });
}

CheckIn Service::check_in(const Actor& actor, const Slot& slot, const std::string& typed_code,
                          const organisations::Scope& scope, bool override_day, const std::string& arrived) {
  CheckIn result;
  result.code = normalise_code(typed_code);
  if (result.code.empty()) {
    result.outcome =
        Outcome::failure(typed_code.find_first_not_of(" \t\r\n") == std::string::npos ? "guestlists.checkin.empty"
                                                                                      : "guestlists.checkin.malformed");
    return result;
  }
  if (slot.status != "open") {
    result.outcome = Outcome::failure("guestlists.checkin.slot_cancelled");
    return result;
  }
  return db_.write([&](soci::session& sql) {
    if (!organisations::any_in_scope(sql, scope, {slot.venue_id, slot.partner_id})) {
      result.outcome = Outcome::failure("errors.403.message");
      return result;
    }
    auto match = repo_.find_by_code(sql, result.code);
    if (!match) {
      result.outcome = Outcome::failure("guestlists.checkin.unknown");
      return result;
    }
    result.booking_id = match->booking_id;
    result.places = match->places;
    if (match->slot_id != slot.id) {
      result.booking_id = 0;  // another slot's booking: nothing about it is shown
      result.places = 0;
      result.outcome = Outcome::failure("guestlists.checkin.other_slot");
      return result;
    }
    // A group comes in at once: the staff types how many came (1 to its headcount), nothing else changes.
    if (match->kind == "group" && match->status == "confirmed") {
      result.group = true;
      result.arrived = parse_arrived(arrived, match->places);
      if (result.arrived == 0) {
        result.outcome = Outcome::failure(arrived.find_first_not_of(' ') == std::string::npos
                                              ? "guestlists.checkin.group_count"
                                              : "guestlists.checkin.group_count_invalid",
                                          "arrived");
        return result;
      }
    }
    long long now = now_seconds();
    const bool other_day = local_day(now) != local_day(slot.starts_at) &&
                           (slot.ends_at <= slot.starts_at || local_day(now) != local_day(slot.ends_at));
    if (other_day && match->status == "confirmed" && !override_day) {
      result.outcome = Outcome::failure("guestlists.checkin.wrong_day", "override_day");
      result.wrong_day = true;
      return result;
    }
    bookings::StatusChange used{"confirmed", "used", "", now, slot.id};
    used.checked_in_at = now;
    if (match->status == "confirmed" && bookings_.change_status(sql, match->booking_id, used)) {
      repo_.insert_event(sql, match->booking_id, now, actor.id, actor.label, "confirmed", "used", "check-in");
      std::string came = std::to_string(match->places) + " place(s)";
      if (result.group) {
        bookings_.set_group_arrived(sql, match->booking_id, result.arrived);
        came = "groupe, " + std::to_string(result.arrived) + " sur " + std::to_string(match->places);
      }
      audit_.record(sql, actor, "booking.checked_in", subject_of(match->booking_id),
                    result.code + " (créneau " + std::to_string(slot.id) + ", " + came + ")");
      if (other_day)
        audit_.record(sql, actor, "booking.checked_in_other_day", subject_of(match->booking_id),
                      result.code + " (créneau " + std::to_string(slot.id) + " du " + local_day(slot.starts_at) +
                          ", entrée le " + local_day(now) + ")");
      result.outcome = Outcome::success(match->booking_id);
      result.checked_in_at = now;
      return result;
    }
    // Not confirmed (or it changed meanwhile): say why from what the row holds now.
    auto current = repo_.find_booking(sql, match->booking_id);
    std::string status = current ? current->status : match->status;
    if (status == "used") {
      result.outcome = Outcome::failure("guestlists.checkin.already");
      result.checked_in_at = current ? current->checked_in_at : match->checked_in_at;
    } else if (status == "cancelled") {
      result.outcome = Outcome::failure("guestlists.checkin.cancelled");
    } else if (status == "no_show") {
      result.outcome = Outcome::failure("guestlists.checkin.no_show");
    } else {
      result.outcome = Outcome::failure("guestlists.checkin.not_confirmed");
    }
    return result;
  });
}

Outcome Service::undo(const Actor& actor, const Slot& slot, long long booking_id, const organisations::Scope& scope) {
  return db_.write([&](soci::session& sql) {
    if (!organisations::any_in_scope(sql, scope, {slot.venue_id, slot.partner_id}))
      return Outcome::failure("errors.403.message");
    auto match = repo_.find_booking(sql, booking_id);
    if (!match || match->slot_id != slot.id) return Outcome::failure("errors.404.message");
    long long now = now_seconds();
    bookings::StatusChange undone{"used", "confirmed", "", now, slot.id};
    undone.checked_in_at = 0;
    if (match->status != "used" || !bookings_.change_status(sql, booking_id, undone))
      return Outcome::failure("guestlists.undo.not_checked_in");
    if (match->kind == "group") bookings_.set_group_arrived(sql, booking_id, 0);
    repo_.insert_event(sql, booking_id, now, actor.id, actor.label, "used", "confirmed", "check-in undone");
    audit_.record(sql, actor, "booking.check_in_undone", subject_of(booking_id),
                  match->code + " (créneau " + std::to_string(slot.id) + ")");
    return Outcome::success(booking_id);
  });
}

void Service::record_export(const Actor& actor, const Slot& slot, const std::string& format, std::size_t rows) {
  audit_.record(actor, "guestlist.exported", "slot:" + std::to_string(slot.id),
                format + ", " + std::to_string(rows) + " réservation(s)");
}

}  // namespace trame::guestlists
