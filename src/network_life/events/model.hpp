// Events of the network (docs/network_life/events.md): kinds as data, the event, its registrations
// (a professional themself, or a person supported under their beneficiary code), and the pure rules
// the service and the unit tests share.
#pragma once
#include <string>
#include <vector>

namespace trame::events {

struct Kind {
  std::string key, label;
  bool for_people_supported = false;
};

struct Event {
  long long id = 0, organiser_id = 0;
  std::string organiser_name;
  std::string kind, kind_label;
  bool for_people_supported = false;
  std::string title, description;
  long long starts_at = 0, ends_at = 0;
  std::string mode = "in_person";  // in_person, online
  long long place_id = 0;
  std::string place_name, place_address, place_accessibility;  // from the directory
  std::string place_detail;                                    // room, floor…
  std::string online_url;
  long long capacity = 0, closes_at = 0;
  std::string visibility = "network";  // network, public
  std::string status = "planned";      // planned, cancelled
  long long cancelled_at = 0;
  long long evaluation_campaign_id = 0;
  long long sequence = 0;
  long long created_by = 0;
  long long created_at = 0, updated_at = 0;
  long long registered = 0, waiting = 0;  // counts
};

struct Registration {
  long long id = 0, event_id = 0;
  long long user_id = 0;  // a professional…
  std::string user_name, user_email;
  long long beneficiary_id = 0;  // …or a person supported (their code only)
  std::string beneficiary_code;
  long long organisation_id = 0;
  std::string organisation_name;
  long long registered_by = 0;
  std::string registered_by_name, registered_by_email;
  std::string status;      // registered, waiting, cancelled
  std::string attendance;  // '', present, absent
  long long created_at = 0, reminded_at = 0;
  long long position = 0;  // on the waiting list (1 = next), computed
};

// One entry of a form's list: an organiser, a place, a person supported (their code).
struct Choice {
  long long id = 0;
  std::string label;
};

// The form of an event, as typed.
struct EventInput {
  std::string organiser, kind, title, description, starts, ends, mode, place, place_detail, online_url, capacity,
      closes, visibility;
};

// ---- Pure rules (tests/unit/network_life/events_test.cpp)

inline constexpr long long kDay = 24 * 3600;
inline constexpr long long kReminderBefore = 2 * kDay;  // the reminder, two days before the start
inline constexpr long long kMaxCapacity = 10000;

// Whether the online link may be shown at `now`: from midnight (Paris) of the day before the start
// until the end of the event's last day.
bool link_open(long long now, long long starts_at, long long ends_at);
// Why a registration is refused at `now` ('' when it may be made): cancelled, past (started), closed.
std::string registration_refusal(const Event& e, long long now);
// The status a new registration gets when `registered` places are taken.
inline std::string status_for(long long registered, long long capacity) {
  return registered < capacity ? "registered" : "waiting";
}
// A count typed in a form (digits only, 1..max); -1 otherwise.
long long parse_capacity(const std::string& text);
// An http(s) address without blanks or quotes.
bool web_address(const std::string& url);
// Whether the reminder is due at `now` (two days before, not yet started).
inline bool reminder_due(long long now, long long starts_at) {
  return now >= starts_at - kReminderBefore && now < starts_at;
}

}  // namespace trame::events
