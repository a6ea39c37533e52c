// After the outing: feedback (the person's reaction and a quote they agreed to share), attendance
// reminders, and the dashboards of referents and coordinators. Nothing here names a person: bookings
// and beneficiaries appear by their codes.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace trame::followup {

inline const std::vector<std::string>& reactions() {
  static const std::vector<std::string> r = {"liked", "mixed", "disliked"};
  return r;
}

inline constexpr std::size_t kQuoteMax = 280;  // characters (code points)

struct Feedback {
  long long booking_id = 0;
  std::string reaction;
  std::string quote;
  bool quote_consent = false;
  bool quote_published = false;
  long long recorded_at = 0;
};

// A booking line of a dashboard.
struct BookingLine {
  long long id = 0;
  std::string code;
  std::string status;
  std::string beneficiary_code;
  std::string title;
  long long offer_id = 0;
  long long slot_id = 0;
  long long starts_at = 0;
  long long places = 0;
  long long offer_expires_at = 0;
  std::string organisation_name;
  std::string reaction;  // feedback given, if any
};

struct Person {
  long long id = 0;
  std::string code;
  std::string age_band;
  long long outings = 0;   // used bookings
  long long upcoming = 0;  // confirmed bookings of slots to come
};

// A quote for the offer page and the coordinator's list.
struct Quote {
  long long booking_id = 0;
  long long offer_id = 0;
  std::string title;
  std::string reaction;
  std::string quote;
  bool published = false;
  long long recorded_at = 0;
  long long venue_id = 0;
  long long partner_id = 0;
};

// A consented quote as the public site picks it (src/website/quotes): the relais that supports the person
// stands for them (never their code).
struct ConsentedQuote {
  long long booking_id = 0;
  std::string quote;
  std::string relais;
  std::string offer_title;
  long long recorded_at = 0;  // when the referent recorded the feedback and the consent
  long long recorded_by = 0;
};

// One line of the coordinator's dashboard: places of slots grouped by a dimension.
struct StatLine {
  std::string key;    // week index, category, délégation id, partner id, allocation id ('' = none)
  std::string label;  // name (filled for délégations, partners, allocations)
  long long offered = 0;
  long long booked = 0;
  long long used = 0;
  long long no_show = 0;
  long long lost = 0;  // past slots: places offered but not used
};

struct QpvLine {
  std::string key;
  std::string label;
  long long outings = 0;  // used bookings
  long long in_qpv = 0;
};

// A slot of the steering page's period with its figures over every relais (outing_slot_totals, migration
// 0091) and what it is grouped by (0: no allocation).
struct PeriodSlot {
  long long slot_id = 0;
  long long starts_at = 0;
  long long capacity = 0;
  bool open = false;
  std::string category;
  long long venue_id = 0, partner_id = 0, allocation_id = 0;
  long long held = 0;         // places held (offered, confirmed, used, no-show)
  long long used_places = 0;  // places of used person bookings and people who came with a group
  long long noshow_places = 0;
  long long person_used_bookings = 0;
  long long qpv_used_bookings = 0;
};

// A venue or partner of the steering page: its name, its branch and the délégations of its commune (one
// entry per délégation its commune's EPCI is attached to, '' for none or another département's).
struct PeriodOrganisation {
  std::string name, branch_key, branch_name;
  std::vector<std::pair<std::string, std::string>> delegations;  // (id as text or '', name or '')
};

struct Stats {
  long long from = 0, to = 0;
  StatLine total;
  std::vector<StatLine> by_week, by_category, by_delegation, by_partner, by_allocation;
  // Per branch of the venue (docs/outings.md « Antennes »): empty when the network has no branch.
  std::vector<StatLine> by_branch;
  QpvLine qpv_total;
  std::vector<QpvLine> qpv_by_category;
  std::vector<StatLine> unused_partners;  // past places mostly unused (lost ≥ half of offered)
};

// A slot line of the venue's and the coordinator's dashboard panels.
struct SlotLine {
  long long id = 0;
  std::string title;
  long long starts_at = 0;
  long long capacity = 0;
  long long booked = 0;     // places held (offered, confirmed, used, no-show)
  long long to_record = 0;  // confirmed bookings whose attendance is still to record (past slots)
};

// Who may act on a booking: the relais that booked, and the offer's venue and partner.
struct BookingScope {
  long long booking_id = 0;
  long long organisation_id = 0;
  long long venue_id = 0;
  long long partner_id = 0;
  long long referent_id = 0;
  std::string code;
  std::string status;
  std::string title;
  long long starts_at = 0;
};

}  // namespace trame::followup
