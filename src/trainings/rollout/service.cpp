#include "trainings/rollout/service.hpp"

#include <map>

#include "platform/core/calendar.hpp"

namespace trame::rollout {

std::vector<DelegationYear> Service::year(const ActingFor& scope, int year, long long page, long long per_page,
                                          long long& total) {
  const long long from = month_start(year, 1), to = month_start(year + 1, 1);
  return db_.read([&](soci::session& sql) {
    std::vector<DelegationYear> out;
    std::map<long long, std::size_t> index;
    std::vector<long long> ids;
    for (const auto& [id, name] : repo_.delegations(sql, (std::max(1LL, page) - 1) * per_page, per_page, total)) {
      DelegationYear d;
      d.id = id;
      d.name = name;
      index[id] = out.size();
      ids.push_back(id);
      out.push_back(d);
    }
    for (const auto& [delegation, s] : repo_.sessions(sql, scope, ids, from, to)) {
      auto& d = out[index[delegation]];
      const std::string state = session_state(s.status);
      if (state == "held") d.held.push_back(s);
      else if (state == "planned") d.planned.push_back(s);
    }
    for (const auto& c : repo_.trainees(sql, scope, ids, from, to)) {
      auto& d = out[index[c.delegation_id]];
      if (c.sector == "social") d.social += c.count;
      else if (c.sector == "cultural") d.cultural += c.count;
      else d.other += c.count;
    }
    return out;
  });
}

void Service::load_demo(const Actor&) {
  // Sessions planned this year for two of the Département's délégations that have none, so that the
  // page shows held, planned and missing délégations. Idempotent: each title is looked up first.
  db_.write([&](soci::session& sql) {
    const long long programme = repo_.programme_by_title(sql, "Formation-action culture/social");
    if (!programme || repo_.has_demo_planned(sql, programme)) return;
    const long long now = store::now_seconds();
    const int y = std::stoi(local_day(now).substr(0, 4));
    const long long from = month_start(y, 1), to = month_start(y + 1, 1);
    // Two months ahead, kept inside the year (late December: in an hour).
    long long starts = std::min(now + 60 * 86400, to - 15 * 86400);
    if (starts <= now) starts = std::min(now + 3600, to - 1);
    int added = 0;
    for (const auto& [id, name] : repo_.delegations_without_session(sql, "44", from, to)) {
      if (added == 2) break;
      const std::string title = name + " " + std::to_string(y) + " (prévue)";
      if (repo_.session_titled(sql, programme, title)) continue;
      repo_.insert_planned_session(sql, programme, title, id, starts + added * 7 * 86400, now);
      ++added;
    }
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::rollout
