// Reach and dormant relais (docs/outings.md, « Portée et relais en sommeil »): the distinct people the
// outings reached over a period, and the relais partners that stopped booking. Pseudonymous: people are
// counted, never listed; small counts show as « < 3 ».
#pragma once
#include <string>
#include <vector>

namespace trame::reach {

// Distinct people (beneficiaries with at least one used booking in the period) and places used.
// `first` are those whose first used booking ever falls in the period; the others came before.
struct ReachLine {
  std::string key;    // relais id, délégation id, EPCI SIREN, '1'/'0' (QPV), branch id; '' = unknown
  std::string label;  // the relais', délégation's, EPCI's or branch's name
  long long people = 0;
  long long first = 0;
  long long places = 0;
  // People who came in groups (the arrived headcount of used group bookings): a group names nobody, so
  // they are counted beside the distinct people, never in them (total, per relais and per branch only).
  long long in_groups = 0;
  long long returning() const { return people - first; }
};

struct Reach {
  long long from = 0, to = 0;  // [from, to), slot start times
  ReachLine total;
  std::vector<ReachLine> by_relais, by_delegation, by_epci, by_qpv;
  // Per branch of the relais (docs/outings.md « Antennes »): the head office's consolidated figures.
  std::vector<ReachLine> by_branch;
};

struct Referent {
  long long organisation_id = 0;
  std::string name;
  std::string email;
  std::string locale;
};

// A relais with an active social-relay partnership and no booking since the cut-off.
struct DormantRelais {
  long long id = 0;
  std::string name;
  std::string partnership_start;    // ISO date
  long long last_booking_at = 0;    // 0: never booked
  long long last_relaunch_at = 0;   // 0: never relaunched
  std::vector<Referent> referents;  // onboarded referents
};

struct EndingPartnership {
  long long id = 0;
  std::string organisation;
  std::string partner;
  std::string kind;
  std::string end_date;
};

// New social-relay partnerships (established: active or ended) started in a year, by the relais' sector.
struct SectorCount {
  std::string sector;
  long long previous = 0;
  long long current = 0;
};

}  // namespace trame::reach
