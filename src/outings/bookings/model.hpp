// Bookings of solidarity outings: pseudonymous beneficiaries, bookings of a slot for one of them
// (plus companions), and the booking's state machine. Plain structs and pure rules, no dependencies.
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"

namespace trame::bookings {

inline const std::vector<std::string>& age_bands() {
  static const std::vector<std::string> b = {"0-5", "6-11", "12-17", "18-25", "26-59", "60+"};
  return b;
}

inline const std::vector<std::string>& booking_statuses() {
  static const std::vector<std::string> s = {"requested", "waiting", "offered",  "confirmed",
                                             "used",      "no_show", "cancelled"};
  return s;
}

inline const std::vector<std::string>& cancel_reasons() {
  static const std::vector<std::string> r = {"referent", "venue",         "event_cancelled",
                                             "late",     "draw_rejected", "expired"};
  return r;
}

// Why the person cannot come, as the referent says it when cancelling (shown to the venue and the
// coordinators; never a detail of the person's situation: a fixed list and a short optional text).
inline const std::vector<std::string>& cancel_motives() {
  static const std::vector<std::string> m = {"unavailable", "health", "transport", "mistake", "other"};
  return m;
}
inline constexpr std::size_t kCancelNoteMax = 300;  // characters (code points)

// One allowed move of the state machine. For a move to 'cancelled', reasons lists the reason codes
// allowed; other moves carry no reason.
struct Transition {
  const char* from;
  const char* to;
  std::vector<std::string> reasons;
};

// The explicit transition table:
//   requested → confirmed | waiting | cancelled (draw_rejected, referent, event_cancelled)
//   waiting   → offered | cancelled (referent, expired, event_cancelled, draw_rejected: a drawn
//               slot's waiting list closed when the outing starts)
//   offered   → confirmed | cancelled (expired, referent, event_cancelled)
//   confirmed → used | no_show | cancelled (referent, venue, event_cancelled, late)
//   used      → confirmed (a wrong 'used' undone)
//   no_show   → confirmed (a wrong 'no_show' undone)
// Nothing leaves 'cancelled'.
inline const std::vector<Transition>& transitions() {
  static const std::vector<Transition> t = {
      {"requested", "confirmed", {}},
      {"requested", "waiting", {}},
      {"requested", "cancelled", {"draw_rejected", "referent", "event_cancelled"}},
      {"waiting", "offered", {}},
      {"waiting", "cancelled", {"referent", "expired", "event_cancelled", "draw_rejected"}},
      {"offered", "confirmed", {}},
      {"offered", "cancelled", {"expired", "referent", "event_cancelled"}},
      {"confirmed", "used", {}},
      {"confirmed", "no_show", {}},
      {"confirmed", "cancelled", {"referent", "venue", "event_cancelled", "late"}},
      {"used", "confirmed", {}},
      {"no_show", "confirmed", {}},
  };
  return t;
}

// Whether from → to is allowed, with the reason given (empty unless to is 'cancelled').
inline bool transition_allowed(const std::string& from, const std::string& to, const std::string& reason = {}) {
  for (const auto& t : transitions()) {
    if (from != t.from || to != t.to) continue;
    if (to == "cancelled") return std::find(t.reasons.begin(), t.reasons.end(), reason) != t.reasons.end();
    return reason.empty();
  }
  return false;
}

inline std::vector<std::string> next_statuses(const std::string& from) {
  std::vector<std::string> out;
  for (const auto& t : transitions())
    if (from == t.from) out.emplace_back(t.to);
  return out;
}

// Statuses whose places count in outing_slots.booked.
inline bool holds_place(const std::string& status) {
  return status == "offered" || status == "confirmed" || status == "used" || status == "no_show";
}

// Statuses that count as an active booking (the unique index: one per beneficiary and slot).
inline bool is_active(const std::string& status) {
  return status != "cancelled";
}

// Codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
inline constexpr const char* kCodeAlphabet = "ACDEFGHJKMNPQRTWXY34679";

// "ABCD-EFGH" from "ABCDEFGH" (booking codes are stored with the dash).
inline std::string format_booking_code(const std::string& raw) {
  if (raw.size() != 8) return raw;
  return raw.substr(0, 4) + "-" + raw.substr(4);
}

// Whether a text is a well-formed booking code (XXXX-XXXX of the alphabet).
inline bool valid_booking_code(const std::string& code) {
  if (code.size() != 9 || code[4] != '-') return false;
  std::string alphabet = kCodeAlphabet;
  for (std::size_t i = 0; i < 9; ++i)
    if (i != 4 && alphabet.find(code[i]) == std::string::npos) return false;
  return true;
}

struct Beneficiary {
  long long id = 0;
  std::string code;               // B-XXXX-XX
  long long organisation_id = 0;  // the relais
  std::string organisation_name;  // read only
  long long referent_id = 0;
  std::string age_band;
  long long household_size = 1;
  std::string commune_code;  // may be empty
  std::string commune_name;  // read only
  bool in_qpv = false;
  long long suspended_until = 0;
  std::string status = "active";
  long long created_at = 0;
  long long updated_at = 0;
};

// A slot with what booking needs of its offer and venue.
struct Slot {
  long long id = 0;
  long long offer_id = 0;
  std::string offer_title;
  std::string offer_status;
  bool family = false;
  long long venue_id = 0;
  long long partner_id = 0;
  std::string venue_name;
  std::string venue_address;
  std::string venue_commune;
  bool access_motor = false, access_visual = false, access_hearing = false, access_mental = false;
  std::string accessibility_details;
  std::string getting_there;
  std::string at_the_door;
  long long starts_at = 0;
  long long ends_at = 0;
  long long capacity = 0;
  long long booked = 0;
  long long opens_at = 0;
  long long closes_at = 0;
  long long cancel_until = 0;
  std::string mode;
  long long draw_at = 0;
  long long drawn_at = 0;
  long long allocation_id = 0;  // 0: none
  std::string status;
  std::string cancel_reason;
  long long group_places = 0;  // the group share (0: no groups)
  long long group_booked = 0;  // places of it held by group bookings
};

struct Booking {
  long long id = 0;
  std::string code;
  long long slot_id = 0;
  std::string kind = "person";  // person | group (a group has no beneficiary: 0)
  long long beneficiary_id = 0;
  std::string beneficiary_code;  // read only
  long long organisation_id = 0;
  std::string organisation_name;  // read only
  long long referent_id = 0;
  std::string referent_email;  // read only
  long long companions = 0;
  long long places = 1;
  std::string status;
  std::string cancel_reason;
  std::string cancel_motive;  // the referent's choice among cancel_motives() (empty otherwise)
  std::string cancel_note;    // and their optional text
  bool needs_motor = false, needs_visual = false, needs_hearing = false, needs_mental = false;
  long long queue_position = 0;
  long long offer_expires_at = 0;
  long long checked_in_at = 0;
  long long allocation_target_id = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

struct BookingEvent {
  long long at = 0;
  std::string actor_label;
  std::string from_status;
  std::string to_status;
  std::string reason;
};

// What a referent asks for.
struct BookingRequest {
  long long slot_id = 0;
  long long beneficiary_id = 0;
  std::string companions = "0";  // as typed
  bool needs_motor = false, needs_visual = false, needs_hearing = false, needs_mental = false;
  bool notify = true;      // e-mail the referent (the demo data does not)
  std::string submission;  // the form's one-time id, recorded in the booking's transaction
  // The relais the person booking acts for (outings.book): a beneficiary of another is refused.
  ActingFor relais = ActingFor::everywhere();
};

// A group booking's composition (outing_booking_groups): people by age band (age_bands() order), the
// staff accompanying, the people with accessibility needs in total, and the number who came.
struct GroupCounts {
  long long ages[6] = {0, 0, 0, 0, 0, 0};
  long long staff = 0;
  long long needs = 0;
  long long arrived = 0;  // 0: not checked in
  long long people() const {
    long long n = 0;
    for (long long a : ages) n += a;
    return n;
  }
  long long headcount() const { return people() + staff; }  // the booking's places
};
inline constexpr long long kGroupMax = 500;  // people or staff in one group booking

// What a referent asks for a group: counts as typed (by age band, staff, needs), no names.
struct GroupRequest {
  long long slot_id = 0;
  long long organisation_id = 0;  // the relais booking (0: the only one the person acts for)
  std::string ages[6];
  std::string staff = "0";
  std::string needs = "0";
  bool needs_motor = false, needs_visual = false, needs_hearing = false, needs_mental = false;
  std::string submission;
  ActingFor relais = ActingFor::everywhere();
  bool dedicated_slot = false;  // the slot was made for this group (an accepted request): no structure share
};

// A membership of a referent, for the onboarding page.
struct ReferentRow {
  long long membership_id = 0;
  long long user_id = 0;
  std::string name;
  std::string email;
  long long organisation_id = 0;
  std::string organisation_name;
  std::string onboarded_on;
};

struct CommuneChoice {
  std::string code;
  std::string name;
};

// The network's booking rules (settings outings.*), with their bounds.
struct Rule {
  const char* key;  // without the "outings." prefix
  long long min;
  long long max;
  long long fallback;
};

inline const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      {"max_companions", 0, 10, 1}, {"bookings_per_month", 1, 100, 4},    {"structure_share_percent", 0, 100, 0},
      {"no_show_limit", 1, 50, 3},  {"no_show_window_months", 1, 60, 12}, {"suspension_months", 0, 36, 3},
      {"accept_hours", 1, 240, 24}, {"accept_hours_close", 1, 240, 4},    {"attendance_reminder_hours", 1, 720, 48},
      {"dormant_months", 1, 60, 6},  // reach: a relais without a booking for that long is dormant
  };
  return r;
}

}  // namespace trame::bookings
