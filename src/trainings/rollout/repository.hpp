// SQL of the rollout module.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"
#include "trainings/rollout/model.hpp"

namespace trame::rollout {

class Repository {
 public:
  // Délégations (id, name with its département), by département then name; a page and the count.
  std::vector<std::pair<long long, std::string>> delegations(soci::session& sql, long long offset, long long limit,
                                                             long long& total);
  // Sessions (not cancelled, dated) running in [from, to) (a session over two years counts in both) in those
  // délégations, of programmes whose organiser `scope` covers, with their délégation.
  std::vector<std::pair<long long, SessionItem>> sessions(soci::session& sql, const ActingFor& scope,
                                                          const std::vector<long long>& delegations, long long from,
                                                          long long to);
  // Completed or confirmed applications of those sessions: délégation, sector, count.
  struct SectorCount {
    long long delegation_id = 0;
    std::string sector;
    long long count = 0;
  };
  std::vector<SectorCount> trainees(soci::session& sql, const ActingFor& scope,
                                    const std::vector<long long>& delegations, long long from, long long to);
  // Demo helpers.
  long long programme_by_title(soci::session& sql, const std::string& title);
  // Whether the demo's planned sessions (titles ending in " (prévue)") are there.
  bool has_demo_planned(soci::session& sql, long long programme_id);
  bool session_titled(soci::session& sql, long long programme_id, const std::string& title);
  // Délégations of the département `code` without a session (not cancelled) running in [from, to).
  std::vector<std::pair<long long, std::string>> delegations_without_session(soci::session& sql,
                                                                             const std::string& code, long long from,
                                                                             long long to);
  long long insert_planned_session(soci::session& sql, long long programme_id, const std::string& title,
                                   long long delegation_id, long long starts_at, long long now);
};

}  // namespace trame::rollout
