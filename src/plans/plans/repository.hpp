// SQL of plans: plans, axes, objectives, indicators and measures, and the read-only aggregates of the
// catalogue of computed indicators over the other domains' tables (docs/plans.md « Plans »).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "plans/plans/model.hpp"

namespace trame::plans::plans {

// The organisations whose activity counts for a plan of `organisation`: itself and the partners of its
// partnerships (any kind, any status), as a subquery of one column `id` (docs/plans.md « Scope »).
std::string scope_of(long long organisation);

class Repository {
 public:
  std::optional<Plan> find(soci::session& sql, long long id) const;
  // Plans of these organisations (all: every one), latest period first.
  std::vector<Plan> list(soci::session& sql, const std::vector<long long>& organisations, bool all, long long limit,
                         long long offset) const;
  long long count(soci::session& sql, const std::vector<long long>& organisations, bool all) const;
  long long insert(soci::session& sql, const Plan& p) const;
  void update(soci::session& sql, const Plan& p) const;
  long long find_by_title(soci::session& sql, long long organisation_id, const std::string& title) const;

  std::vector<Axis> axes(soci::session& sql, long long plan_id) const;
  std::optional<Axis> axis(soci::session& sql, long long id) const;
  long long insert_axis(soci::session& sql, const Axis& a) const;
  void update_axis(soci::session& sql, const Axis& a) const;
  void delete_axis(soci::session& sql, long long id) const;

  std::vector<Objective> objectives(soci::session& sql, long long axis_id) const;
  std::optional<Objective> objective(soci::session& sql, long long id) const;
  long long insert_objective(soci::session& sql, const Objective& o) const;
  void update_objective(soci::session& sql, const Objective& o) const;
  void delete_objective(soci::session& sql, long long id) const;

  std::vector<Indicator> indicators(soci::session& sql, long long objective_id) const;
  std::optional<Indicator> indicator(soci::session& sql, long long id) const;
  long long insert_indicator(soci::session& sql, const Indicator& i) const;
  void update_indicator(soci::session& sql, const Indicator& i) const;
  void delete_indicator(soci::session& sql, long long id) const;

  // The measures of an indicator, latest first.
  std::vector<Measure> measures(soci::session& sql, long long indicator_id) const;
  long long insert_measure(soci::session& sql, const Measure& m) const;

  // The plan an axis, objective or indicator belongs to (0 when none).
  long long plan_of_axis(soci::session& sql, long long axis_id) const;
  long long plan_of_objective(soci::session& sql, long long objective_id) const;
  long long plan_of_indicator(soci::session& sql, long long indicator_id) const;

  bool delegation_exists(soci::session& sql, long long id) const;
  bool programme_exists(soci::session& sql, long long id) const;
  std::vector<std::pair<long long, std::string>> delegations(soci::session& sql) const;
  std::vector<std::pair<long long, std::string>> programmes(soci::session& sql) const;
  std::vector<std::pair<long long, std::string>> organisations(soci::session& sql, const std::vector<long long>& ids,
                                                               bool all) const;
  bool organisation_exists(soci::session& sql, long long id) const;
  long long organisation_by_name(soci::session& sql, const std::string& name) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;

  // The period of a computed indicator: [from, to) in unix seconds, the ISO days [from_iso, to_iso] and
  // the ISO weeks ('YYYY-Www') of both ends.
  struct Period {
    long long from = 0, to = 0;
    std::string from_iso, to_iso, from_week, to_week;
  };
  // A computed indicator's value for the organisation's scope (the organisation and its partners) over the
  // period, with the filters; nullopt when there is nothing to compute it from (an average of no answer).
  std::optional<double> compute(soci::session& sql, const std::string& key, long long organisation_id, const Filters& f,
                                const Period& period) const;
};

}  // namespace trame::plans::plans
