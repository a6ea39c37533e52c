// Interventions on request (docs/network_life/interventions.md): an organiser's catalogue of
// installations and animations (Offer), and the requests structures make for them (Request), with
// their life: requested → scheduled (accepted on a wanted date) | accepted (another date proposed,
// awaiting the requester's confirmation) | declined; accepted → scheduled; scheduled → done (attendance
// recorded after the start); requested, accepted, scheduled → cancelled (before the start).
#pragma once
#include <string>
#include <vector>

namespace trame::interventions {

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"requested", "accepted", "declined", "scheduled", "done", "cancelled"};
  return list;
}
// The audience a request names.
inline const std::vector<std::string>& audiences() {
  static const std::vector<std::string> list = {"children", "youth", "adults", "seniors", "families", "mixed"};
  return list;
}
// The attendance's categories (counts only).
inline const std::vector<std::string>& attendance_categories() {
  static const std::vector<std::string> list = {"children", "youth", "adults", "seniors"};
  return list;
}

struct Offer {
  long long id = 0, organiser_id = 0;
  std::string organiser_name;
  std::string title, description;
  long long duration_minutes = 0;
  std::string audience;
  long long capacity = 0;
  std::string needs;
  bool published = true;
  long long created_by = 0, created_at = 0, updated_at = 0;
};

// Which requests a query reads; every bound is optional (0 or empty: none).
struct RequestFilter {
  bool all = false;                   // every request, else those organised by one of `organisers` or
  std::vector<long long> organisers;  // requested by one of `requesters`
  std::vector<long long> requesters;
  std::vector<std::string> statuses;  // one of these (from the module's fixed list)
  long long created_from = 0;         // created_at in [created_from, created_to)
  long long created_to = 0;
  bool scheduled = false;     // a date is set (starts_at > 0)
  long long starts_from = 0;  // starts_at in [starts_from, starts_to)
  long long starts_to = 0;
  long long ends_from = 0;  // ends_at >= ends_from
};
enum class RequestOrder { newest_first, oldest_first, soonest_first, latest_first };

struct Request {
  long long id = 0, offer_id = 0, organiser_id = 0;
  std::string offer_title, organiser_name;
  long long requester_org_id = 0;
  std::string requester_org_name;
  long long requested_by = 0;
  std::string requested_by_email;  // '' when recorded for them
  std::string status = "requested";
  std::string date1, date2, date3;
  std::string audience;
  long long expected_count = 0;
  long long place_org_id = 0;
  std::string place_org_name, place_address, neighbourhood, commune_name;
  bool priority_area = false;
  std::string contact_name, contact_email, contact_phone, message;
  long long decided_by = 0, decided_at = 0;
  std::string decline_reason, decision_note;
  long long starts_at = 0, ends_at = 0, sequence = 0, scheduled_at = 0;
  long long cancelled_by = 0, cancelled_at = 0;
  std::string cancel_reason;
  long long attended_children = 0, attended_youth = 0, attended_adults = 0, attended_seniors = 0;
  long long done_at = 0;
  std::string team_feedback;
  long long satisfaction = 0;
  std::string satisfaction_comment;
  long long created_at = 0, updated_at = 0;

  long long participants() const { return attended_children + attended_youth + attended_adults + attended_seniors; }
  std::vector<std::string> wanted_dates() const {
    std::vector<std::string> out;
    for (const auto* d : {&date1, &date2, &date3})
      if (!d->empty()) out.push_back(*d);
    return out;
  }
};

// What the forms send (texts as typed).
struct OfferInput {
  std::string organiser, title, description, duration, audience, capacity, needs;
  bool published = true;
};
struct RequestInput {
  std::string requester_org;  // one of the person's organisations (id)
  std::string date1, date2, date3;
  std::string audience, expected_count;
  std::string place_org, place_address, neighbourhood;
  bool priority_area = false;
  std::string contact_name, contact_email, contact_phone, message;
};
struct AcceptInput {
  std::string date;          // one of the wanted dates, or "other"
  std::string other_date;    // 'YYYY-MM-DD' when proposing another
  std::string starts, ends;  // 'HH:MM'
  std::string note;
};
struct AttendanceInput {
  std::string children, youth, adults, seniors;
};

// Yearly figures of an organiser.
struct YearFigures {
  int year = 0;
  long long done = 0, participants = 0;
  long long children = 0, youth = 0, adults = 0, seniors = 0;
  long long in_priority_areas = 0;
  long long requests = 0, declined = 0, cancelled = 0;
  double satisfaction_average = 0;
  long long satisfaction_count = 0;
  std::vector<std::string> communes;        // distinct, sorted
  std::vector<std::string> neighbourhoods;  // distinct, sorted
};

}  // namespace trame::interventions
