// Volunteering (docs/network_life/volunteering.md): engagements of volunteers with an organiser,
// missions, availabilities, applications and assignments, hours declared then validated.
#pragma once
#include <string>
#include <vector>

namespace trame::volunteering {

inline const std::vector<std::string>& engagement_kinds() {
  static const std::vector<std::string> list = {"benevole", "service_civique", "stage"};
  return list;
}
inline const std::vector<std::string>& mission_kinds() {
  static const std::vector<std::string> list = {"terrain", "permanence", "siege"};
  return list;
}

struct Engagement {
  long long id = 0, organiser_id = 0, user_id = 0, tutor_id = 0;
  std::string organiser_name, user_name, user_email, tutor_name;
  std::string kind;                // benevole, service_civique, stage
  std::string starts_on, ends_on;  // 'YYYY-MM-DD'; ends_on '' when open-ended
  long long weekly_quarters = 0;
  long long created_at = 0;
};

struct Mission {
  long long id = 0, organiser_id = 0, place_id = 0;
  std::string organiser_name, place_name;
  std::string title, kind, description, starts_on, ends_on, recurrence;
  long long places = 0, assigned_count = 0;
};

struct Assignment {
  long long id = 0, mission_id = 0, user_id = 0;
  std::string user_name, status;  // applied, assigned
  long long applied_at = 0, assigned_at = 0;
  Mission mission;  // filled for a volunteer's own list
};

struct HoursEntry {
  long long id = 0, user_id = 0, mission_id = 0, organiser_id = 0;
  std::string user_name, mission_title, day, note, status, reason;
  long long quarters = 0, declared_at = 0, decided_by = 0, decided_at = 0;
};

struct Slot {
  int weekday = 1;   // 1 Monday … 7 Sunday
  std::string half;  // am, pm
};

struct Unavailability {
  long long id = 0;
  std::string starts_on, ends_on, note;
};

// A volunteer reached by newsletters.
struct Contact {
  long long user_id = 0;
  std::string email, name;
};

struct Choice {
  long long id = 0;
  std::string name;
};

// Validated hours of one person in one month ('YYYY-MM').
struct MonthTotal {
  long long user_id = 0;
  std::string user_name, month;
  long long quarters = 0;
};

struct EngagementInput {
  std::string organiser, email, kind, starts_on, ends_on, tutor_email, weekly_hours;
};
struct MissionInput {
  std::string organiser, title, kind, place, description, starts_on, ends_on, recurrence, places;
};
struct HoursInput {
  std::string user, mission, day, hours, note;
};

// ---- Rules (pure; tests/unit/network_life/volunteering_test.cpp)
// Hours typed as "2", "2,5", "2.75", "1:45" or "1h30" → quarter hours; -1 when not a positive number
// of quarter hours (or more than 24 h).
long long parse_quarters(const std::string& text);
// Quarter hours shown in French: "2 h", "2 h 30", "0 h 15".
std::string format_quarters(long long quarters);
// Quarter hours as decimal hours (2.25) for the spreadsheet.
inline double hours_of(long long quarters) {
  return static_cast<double>(quarters) / 4.0;
}
// A slot's value in the form ("1am" … "7pm"); false when it is not one.
bool parse_slot(const std::string& text, Slot& slot);
inline constexpr long long kMaxQuartersPerDay = 48;  // 12 h

}  // namespace trame::volunteering
