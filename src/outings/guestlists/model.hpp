// Guest lists for venues: per slot, the bookings expected at the door (booking code, number of
// places, accessibility needs, the relais's name — never anything about the person), the totals,
// and check-in at the door by booking code. Plain structs and pure rules, no dependencies.
#pragma once
#include <cctype>
#include <string>

#include "platform/core/outcome.hpp"

namespace trame::guestlists {

// The slot a guest list belongs to, with what the scope check and the page header need.
struct Slot {
  long long id = 0;
  long long offer_id = 0;
  std::string offer_title;
  long long venue_id = 0;
  long long partner_id = 0;
  std::string venue_name;
  long long starts_at = 0;
  long long ends_at = 0;
  long long capacity = 0;
  long long booked = 0;
  std::string status;  // open | cancelled
};

// One line of the guest list: a booking with a place at the door (confirmed, used or no_show).
struct Guest {
  long long booking_id = 0;
  std::string code;      // XXXX-XXXX
  long long places = 0;  // the person plus companions
  std::string status;    // confirmed | used | no_show
  bool needs_motor = false, needs_visual = false, needs_hearing = false, needs_mental = false;
  std::string relais_name;
  long long checked_in_at = 0;
  bool group = false;     // a group booking: one line, its headcount in places
  long long staff = 0;    // a group's staff accompanying (counted in places)
  long long arrived = 0;  // a group's people who came (0: not checked in)
};

struct Totals {
  long long bookings = 0;          // bookings on the list
  long long expected = 0;          // places of the bookings on the list
  long long present = 0;           // places checked in (status used)
  long long present_bookings = 0;  // bookings checked in
};

// A booking found by its code (any slot, any status), for the check-in's answers.
struct CodeMatch {
  long long booking_id = 0;
  std::string kind;  // person | group
  long long slot_id = 0;
  std::string code;
  std::string status;
  long long places = 0;
  long long checked_in_at = 0;
};

// What a check-in attempt ended with (the outcome's error: a catalogue key).
struct CheckIn {
  Outcome outcome = Outcome::failure("guestlists.checkin.unknown");  // its error: a catalogue key
  std::string code;                                                  // the normalised code, when well-formed
  long long booking_id = 0;
  long long places = 0;
  long long checked_in_at = 0;  // the check-in's time (now on success, the earlier one when already in)
  bool wrong_day = false;       // refused: the outing is on another day (the form offers the override)
  bool group = false;           // a group booking (checked in at once with the number who came)
  long long arrived = 0;        // a group's: how many came
};

// A group's number who came, as typed at the door: 1 to its headcount. Returns 0 when not such a number.
inline long long parse_arrived(const std::string& typed, long long headcount) {
  std::string digits;
  for (char c : typed)
    if (c != ' ') digits += c;
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  long long n = std::stoll(digits);
  return n >= 1 && n <= headcount ? n : 0;
}

// Statuses shown on the guest list.
inline bool on_list(const std::string& status) {
  return status == "confirmed" || status == "used" || status == "no_show";
}

// "abcd efgh", "ABCD-EFGH", " abcdefgh " → "ABCD-EFGH"; "" when it is not 8 letters or digits.
inline std::string normalise_code(const std::string& input) {
  std::string raw;
  for (unsigned char c : input) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (!std::isalnum(c)) return "";
    raw += static_cast<char>(std::toupper(c));
  }
  if (raw.size() != 8) return "";
  return raw.substr(0, 4) + "-" + raw.substr(4);
}

}  // namespace trame::guestlists
