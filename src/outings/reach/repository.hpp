// SQL of reach and dormant relais. `all` covers every relais; otherwise only the listed organisations
// (an empty list covers none).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/reach/model.hpp"

namespace trame::reach {

// One person's used bookings with one relais (a booking of the period, or their kept row of a year): what
// the reach counts, grouped in C++ for every dimension at once (Service::reach). A used booking of the period
// without a person (a group) is a row too, counted only in « Venues en groupe ».
struct PersonRow {
  long long person = 0;
  long long relais = 0;
  long long places = 0;
  std::string commune;     // beneficiaries.commune_code ('' without one)
  std::string qpv;         // beneficiaries.in_qpv as text
  bool first = false;      // no used booking before the period
  bool counted = true;     // a person to count (their beneficiaries row exists)
  long long arrived = -1;  // a group booking with its counts: the arrived headcount; -1 otherwise
};

// What the dimensions join to a relais (organisations, network_branches) and to a commune of residence
// (communes, epcis, délégations), as the bookings' query joins them.
struct RelaisDimensions {
  std::string name, branch_key, branch_label;
};
struct CommuneDimensions {
  std::string epci_key, epci_label;
  // One per row of the délégation joins (a commune may fall in several délégations, or twice in none): the
  // bookings' query adds a booking's places once per row.
  std::vector<std::pair<std::string, std::string>> delegations;
};

class Repository {
 public:
  // The period's used bookings with the visible relais, read once: the people's (« première sortie », no used
  // booking whose slot started before `from`, from the start of the person's first outing kept on their row,
  // beneficiaries.first_outing_at, migration 0097), then the groups' with their arrived headcount.
  std::vector<PersonRow> period_rows(soci::session& sql, long long from, long long to,
                                     const std::vector<long long>& relais, bool all);
  // The kept per-relais rows of a whole Paris year (outing_reach_members, dimension 'relais') of the listed
  // relais, « première sortie » their is_first.
  std::vector<PersonRow> year_rows(soci::session& sql, int year, const std::vector<long long>& relais);
  std::map<long long, RelaisDimensions> relais_dimensions(soci::session& sql, const std::vector<long long>& relais);
  std::map<std::string, CommuneDimensions> commune_dimensions(soci::session& sql,
                                                              const std::vector<std::string>& communes);

  // The lines of a dimension ("total", "relais", "delegation", "epci", "qpv", "branch") for a whole Paris
  // calendar year, read from the figures kept by triggers (migration 0086:
  // outing_reach_counts): for every relais (`all`), or for one branch's relais (`branch`, its id; `relais` then
  // lists the visible relais, which year_branch() found to be that branch's). "delegation" and "epci" are
  // added up from the people's communes. Keys and labels as Service::reach() groups them.
  std::vector<ReachLine> reach_year(soci::session& sql, const std::string& dimension, int year,
                                    const std::string& branch, const std::vector<long long>& relais, bool all);
  // The arrived headcount of used group bookings in a whole Paris calendar year, as lines of "total", "relais"
  // or "branch" (in_groups set), from the same kept figures (outing_slot_figures' arrived headcounts of used
  // group bookings per relais, dimension 'groups').
  std::vector<ReachLine> group_year(soci::session& sql, const std::string& dimension, int year,
                                    const std::vector<long long>& relais, bool all);
  // The branch whose relais are the listed relais that have people in the year ("" when they are not exactly
  // one branch's: relais of several branches or of none, or a relais of the branch not listed).
  std::string year_branch(soci::session& sql, int year, const std::vector<long long>& relais);

  // Relais with an active social-relay partnership started on or before `started_before` (ISO) and no
  // booking created since `cutoff`, oldest activity first.
  std::vector<DormantRelais> dormant(soci::session& sql, long long cutoff, const std::string& started_before,
                                     const std::vector<long long>& relais, bool all, long long offset, long long limit);
  long long count_dormant(soci::session& sql, long long cutoff, const std::string& started_before,
                          const std::vector<long long>& relais, bool all);
  // Onboarded referents (enabled accounts) of these relais.
  std::vector<Referent> referents(soci::session& sql, const std::vector<long long>& relais);

  // Whether the organisation is active and a relais with an active social-relay partnership.
  struct RelaisState {
    std::string name;
    bool active_organisation = false;
    bool active_partnership = false;
  };
  std::optional<RelaisState> relais_state(soci::session& sql, long long organisation_id);
  long long last_relaunch(soci::session& sql, long long organisation_id);
  // Records the relance if none was recorded since `since` (conditional upsert); false when one was.
  bool claim_relaunch(soci::session& sql, long long organisation_id, long long now, long long since);
  void record_relaunch(soci::session& sql, long long organisation_id, long long now, long long by_user,
                       long long recipients);
  long long count_relaunches(soci::session& sql, long long organisation_id);

  // Active partnerships whose end date lies in [from, to] (ISO), soonest first.
  std::vector<EndingPartnership> ending(soci::session& sql, const std::string& from, const std::string& to,
                                        const std::vector<long long>& organisations, bool all, long long limit,
                                        long long& total);
  // Established social-relay partnerships started in [from, to] (ISO), by the relais' sector.
  std::vector<std::pair<std::string, long long>> started_by_sector(soci::session& sql, const std::string& from,
                                                                   const std::string& to);
};

}  // namespace trame::reach
