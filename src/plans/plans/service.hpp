// Plans (docs/plans.md « Plans »): who edits a plan is one rule, plans.manage in the plan's organisation
// (administrators everywhere); a plan of another organisation answers 404. Every change is audited;
// bad input changes nothing (a French message through the catalogue).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "plans/plans/model.hpp"
#include "plans/plans/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::plans::plans {

inline constexpr const char* kDemoTitle = "Perspectives 2023-2024";
inline constexpr const char* kDemoOrganisation = "Cultures du Cœur 94";

// An indicator as its plan's page shows it: the current value (computed now over the plan's period, or the
// last measure), the progress towards its target, and its measures.
struct IndicatorView {
  Indicator indicator;
  std::optional<double> value;
  std::string value_date;  // manual: the last measure's date
  std::optional<long long> progress;
  std::vector<Measure> measures;
};
struct ObjectiveView {
  Objective objective;
  std::vector<IndicatorView> indicators;
};
struct AxisView {
  Axis axis;
  std::vector<ObjectiveView> objectives;
};
struct PlanView {
  Plan plan;
  std::vector<AxisView> axes;
};

struct ListPage {
  std::vector<Plan> plans;
  long long total = 0;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  ListPage list(const Principal& me, long long page, long long per_page);
  // The plan if `me` may see it (nullopt: 404).
  std::optional<Plan> find(const Principal& me, long long id);
  std::optional<PlanView> view(const Principal& me, long long id, long long now);
  // The organisations where `me` may create a plan.
  std::vector<std::pair<long long, std::string>> organisations(const Principal& me);
  std::vector<std::pair<long long, std::string>> delegations();
  std::vector<std::pair<long long, std::string>> programmes();
  // The plan of an axis, objective or indicator ("axis", "objective", "indicator"): where a form of the
  // plan's page goes back to (0: none). No access check: the use case itself checks.
  long long plan_of(const std::string& what, long long id);

  Outcome create(const Actor& actor, const Principal& me, const PlanInput& in, long long now);
  Outcome update(const Actor& actor, const Principal& me, long long id, const PlanInput& in, long long now);
  Outcome add_axis(const Actor& actor, const Principal& me, long long plan_id, const AxisInput& in);
  Outcome update_axis(const Actor& actor, const Principal& me, long long axis_id, const AxisInput& in);
  Outcome remove_axis(const Actor& actor, const Principal& me, long long axis_id);
  Outcome add_objective(const Actor& actor, const Principal& me, long long axis_id, const ObjectiveInput& in);
  Outcome update_objective(const Actor& actor, const Principal& me, long long objective_id, const ObjectiveInput& in);
  Outcome remove_objective(const Actor& actor, const Principal& me, long long objective_id);
  Outcome add_indicator(const Actor& actor, const Principal& me, long long objective_id, const IndicatorInput& in,
                        long long now);
  Outcome update_indicator(const Actor& actor, const Principal& me, long long indicator_id, const IndicatorInput& in,
                           long long now);
  Outcome remove_indicator(const Actor& actor, const Principal& me, long long indicator_id);
  Outcome record_measure(const Actor& actor, const Principal& me, long long indicator_id, const MeasureInput& in,
                         long long now);

  // The plan of seed 004 (kDemoTitle of kDemoOrganisation); does nothing when it exists (demo.cpp).
  void load_demo(const Actor& actor);

 private:
  // The plan (nullopt when missing or not `me`'s: plans.manage in its organisation).
  std::optional<Plan> visible(soci::session& sql, const Principal& me, long long plan_id) const;
  Outcome read_indicator(soci::session& sql, const IndicatorInput& in, Indicator& out) const;
  std::optional<double> compute(soci::session& sql, const Plan& plan, const Indicator& i) const;

  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::plans::plans
