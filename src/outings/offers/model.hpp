// Solidarity outings, the offer side: offers of partners (a venue of the directory), their dated
// slots of free places, the allocations (pools of places given by a sponsor or a scheme) and the
// catalogue referents browse. Times are unix seconds (UTC), shown in Europe/Paris.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"

namespace trame::offers {

inline const std::vector<std::string>& categories() {
  static const std::vector<std::string> c = {"live_show", "concert", "cinema",      "exhibition", "sport",  "leisure",
                                             "workshop",  "reading", "environment", "heritage",   "digital"};
  return c;
}
inline const std::vector<std::string>& audiences() {
  static const std::vector<std::string> a = {"all", "family", "youth", "seniors"};
  return a;
}
inline const std::vector<std::string>& offer_statuses() {
  static const std::vector<std::string> s = {"draft", "published", "archived"};
  return s;
}
inline const std::vector<std::string>& needs() {
  static const std::vector<std::string> n = {"motor", "visual", "hearing", "mental"};
  return n;
}
inline bool one_of(const std::string& v, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

struct Venue {
  long long id = 0;
  std::string name;
  std::string address;
  std::string commune_code;
  std::string commune;  // name
  int motor = 0, visual = 0, hearing = 0, mental = 0;
  std::string accessibility_note;
  int has_logo = 0;  // the venue's logo stands in for an offer without its own picture
};

struct Offer {
  long long id = 0;
  long long venue_id = 0;
  long long partner_id = 0;
  std::string title;
  std::string category = "live_show";
  std::string description;  // markdown
  std::string audience = "all";
  int age_min = 0;
  int age_max = 0;
  std::string language = "fr";
  std::string conditions;
  std::string getting_there;
  std::string at_the_door;
  int family = 0;
  int motor = 0, visual = 0, hearing = 0, mental = 0;
  int on_request = 0;  // « sur demande »: groups ask for a visit (outings/requests) instead of booking slots
  std::string accessibility_details;
  std::string image_type;  // empty: no image
  std::string status = "draft";
  long long created_at = 0;
  long long updated_at = 0;
  Venue venue;  // read only
  // The branches it is given to (docs/outings.md « Antennes »), as the form sent them when branches_sent
  // (the form showed the checkboxes); otherwise the set is left as it is (a new offer: its venue's branch).
  std::vector<long long> branch_ids;
  bool branches_sent = false;
};

struct Image {
  std::string content_type;
  std::string bytes;
};

struct Slot {
  long long id = 0;
  long long offer_id = 0;
  long long starts_at = 0;
  long long ends_at = 0;
  long long capacity = 0;
  long long booked = 0;
  long long opens_at = 0;
  long long closes_at = 0;
  long long cancel_until = 0;
  std::string mode = "first_come";
  long long draw_at = 0;
  long long drawn_at = 0;
  long long allocation_id = 0;  // 0: none
  std::string allocation_name;  // read only
  std::string status = "open";
  std::string cancel_reason;
  long long created_at = 0;
  long long updated_at = 0;
  long long group_places = 0;  // the group share (0: no group bookings; at most the capacity)
  long long group_booked = 0;  // places of it held by group bookings
  long long left() const { return std::max(0LL, capacity - booked); }
};

struct Allocation {
  long long id = 0;
  std::string name;
  std::string donor;
  std::string description;
  long long places = 0;
  long long assigned = 0;
  std::string starts_on;  // 'YYYY-MM-DD'
  std::string ends_on;
  std::string status = "active";
  // The days its slots may fall on (calendars::day_kinds(), comma-separated; '' = every day) and the
  // school zone of its holidays (docs/outings.md "Calendars and day rules").
  std::string day_rules;
  std::string zone = "C";
  // The branch whose relais its places are for (docs/outings.md « Antennes »), 0: the whole network.
  long long branch_id = 0;
  std::string branch_name;  // read only
  long long created_at = 0;
  long long updated_at = 0;
  // Live use (read only): places booked/used/no-show among bookings of its slots.
  long long booked = 0;
  long long used = 0;
  long long no_show = 0;
};

struct Target {
  long long id = 0;
  long long allocation_id = 0;
  long long organisation_id = 0;  // one of the two
  long long delegation_id = 0;
  std::string name;  // read only
  long long quota = 0;
  long long used = 0;
};

// Whose offers and slots a person edits (Service::editor): every venue (administrators, network-wide
// coordinators), or these organisations (their own venues, and those of a délégation-limited
// coordinator's délégations, docs/scopes.md). `allocations`: may place slots in the network's
// allocations and change them (network-wide only); `network`: the list comes from délégations.
// The venues are the one "organisations this person may act for" type (core/permissions.hpp).
struct Editor {
  ActingFor venues;
  bool allocations = false;
  bool network = false;
  // Who gives offers to branches (docs/outings.md « Antennes »): the head office every branch, a branch
  // coordinator their own branches only, anyone else none.
  bool head_office = false;
  std::vector<long long> branches;
  // A limited coordinator's (network): the délégations and branches the venues come from, and the
  // organisations they act for as their own staff. The lists of offers and venues ask the database for
  // them with a subquery (issue 22: a branch holds 3,300 organisations, too many ids for a query's text).
  std::vector<long long> scope_delegations, scope_branches, own_venues;
  bool covers(long long organisation_id) const { return venues.covers(organisation_id); }
  bool gives_to(long long branch_id) const {
    return head_office || std::find(branches.begin(), branches.end(), branch_id) != branches.end();
  }
  // Allocations per branch: the head office changes every allocation, a branch coordinator those of their
  // branch only; a branch coordinator sees the network's and their branch's, anyone else every one.
  bool changes_allocation(long long branch_id) const {
    return head_office || (allocations && branch_id != 0 && gives_to(branch_id));
  }
  bool sees_allocation(long long branch_id) const {
    return head_office || branches.empty() || branch_id == 0 || gives_to(branch_id);
  }
};

// Catalogue filters; empty / 0 means any.
struct Filter {
  std::string from;  // 'YYYY-MM-DD' (Europe/Paris), slots starting that day or later
  std::string to;    // slots starting that day or earlier
  std::string category;
  long long delegation_id = 0;
  std::string commune_code;
  std::vector<std::string> needs;  // motor, visual, hearing, mental: the offer must provide each
  bool family = false;
  bool with_places = false;
  std::string text;
  long long now = 0;
  // A referent's catalogue (docs/outings.md « Antennes »): only offers open to this branch (given to it
  // or to none); -1: a relais in no branch (offers given to none); 0: every offer. Never from the query.
  long long branch_id = 0;
};

struct Choice {
  std::string value;
  std::string label;
};

struct Quote {
  std::string reaction;
  std::string quote;
};

}  // namespace trame::offers
