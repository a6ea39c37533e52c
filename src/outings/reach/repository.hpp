// SQL of reach and dormant relais. `all` covers every relais; otherwise only the listed organisations
// (an empty list covers none).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/reach/model.hpp"

namespace trame::reach {

class Repository {
 public:
  // Dimensions: "total", "relais", "delegation", "epci", "qpv".
  std::vector<ReachLine> reach(soci::session& sql, const std::string& dimension, long long from, long long to,
                               const std::vector<long long>& relais, bool all);

  // The same lines for a whole Paris calendar year, read from the figures kept by triggers (migration 0086:
  // outing_reach_counts): for every relais (`all`), or for one branch's relais (`branch`, its id; `relais` then
  // lists the visible relais, which year_branch() found to be that branch's). "delegation" and "epci" are
  // added up from the people's communes. Dimensions as reach().
  std::vector<ReachLine> reach_year(soci::session& sql, const std::string& dimension, int year,
                                    const std::string& branch, const std::vector<long long>& relais, bool all);
  // The same lines for a whole Paris calendar year over any list of relais (a délégation-limited coordinator's,
  // whose relais cross branches), from the per-person rows kept per relais (outing_reach_members, dimension
  // 'relais'): distinct people over the rows of these relais, « première sortie » their rows' is_first, the
  // dimensions of the person and of the relais joined as reach() joins them.
  std::vector<ReachLine> reach_year_relais(soci::session& sql, const std::string& dimension, int year,
                                           const std::vector<long long>& relais);
  // group_reach() for a whole Paris calendar year, from the same kept figures (outing_slot_figures' arrived
  // headcounts of used group bookings per relais, dimension 'groups').
  std::vector<ReachLine> group_year(soci::session& sql, const std::string& dimension, int year,
                                    const std::vector<long long>& relais, bool all);
  // The branch whose relais are the listed relais that have people in the year ("" when they are not exactly
  // one branch's: relais of several branches or of none, or a relais of the branch not listed).
  std::string year_branch(soci::session& sql, int year, const std::vector<long long>& relais);

  // The arrived headcount of used group bookings in the period, as lines of "total" or "relais" (key and
  // label as reach()'s, in_groups set).
  std::vector<ReachLine> group_reach(soci::session& sql, const std::string& dimension, long long from, long long to,
                                     const std::vector<long long>& relais, bool all);

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
