// Indicator watch of a cooperation project (docs/cooperation/indicators.md): indicators computed from
// Trame's own data for the project's territory (a catalogue: population, organisations by kind,
// outings booked and used by people of its communes, trainings held there and their trainees,
// satisfaction published by those trainings' programmes) or entered by hand with their source; each a
// series of points per month or year, with targets (met / not met / on track) and an accessible SVG
// chart with its data table (chart.hpp).
//
// Who: what projects::Service::access says. Readers of the project (members, observers, the network
// for a network project, administrators) read; members (Access::contributes: facilitators and members)
// follow, add and edit indicators, points and targets; facilitators (Access::facilitates) delete.
//
// Computed points: a refresh computes the current period again, and every earlier period (for the
// catalogue's indicators with history) whose point was not computed after that period ended; a point
// computed after its period ended is kept as it is, so the series is stable and a page reads stored
// points only. Refreshed when followed, when a member asks (Actualiser), when a page finds it older than
// kStaleSeconds, and by run_due for any older than kDueSeconds.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/indicators/model.hpp"
#include "cooperation/indicators/repository.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::indicators {

// A page showing an indicator computes it again when its points are older than this.
inline constexpr long long kStaleSeconds = 600;
// run_due computes again every computed indicator older than this.
inline constexpr long long kDueSeconds = 3600;
// A series holds at most this many periods (20 years of months).
inline constexpr std::size_t kMaxPeriods = 240;

// ---- Contract for the other cooperation modules (evaluation's yearly report…) ----
// One indicator as the project stands: its latest value and the target it is heading for (the first
// target whose period is not over, else the last one).
struct Summary {
  long long id = 0, project_id = 0;
  std::string label, unit;
  std::string source;       // the catalogue key of a computed indicator ('population', …), or 'manual'
  std::string period_kind;  // year, month
  std::optional<double> latest_value;
  std::string latest_period;  // '' when there is no point
  std::optional<double> target_value;
  std::string target_period;     // '' when there is no target
  std::string target_direction;  // up (at least), down (at most)
  std::string status;            // met, not_met, on_track, off_track, no_data; '' without target
  bool met = false;
};

// An indicator with its series, for its page.
struct IndicatorView {
  Indicator indicator;
  std::vector<Point> points;        // by period
  std::vector<Target> targets;      // by period
  std::vector<TargetCheck> checks;  // one per target
  std::string current;              // the current period (of the indicator's kind)
  long long communes = 0;           // the project's communes (0: a computed indicator has nothing to count)
};

struct ListPage {
  std::vector<Summary> items;
  long long total = 0;
  int page = 1, pages = 1;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects) {}

  // The project's indicators (every one, in creation order) from their stored points. No access
  // check: for modules that checked it already.
  std::vector<Summary> summaries(long long project_id);

  // What `me` may do in the project (nullopt: answer 404), as projects::Service::access.
  std::optional<projects::Access> access(const Principal& me, long long project_id);
  // A page of the project's indicators (readers only: not_found / forbidden otherwise). Computed
  // indicators older than kStaleSeconds are computed again first.
  Outcome list(const Principal& me, long long project_id, int page, ListPage& out);
  // One indicator of the project with its points and targets (readers only).
  Outcome view(const Principal& me, long long project_id, long long indicator_id, IndicatorView& out);

  // Members: follow a catalogue indicator (its points are computed at once); Outcome.id: the indicator.
  Outcome follow(const Actor& actor, const Principal& me, long long project_id, const FollowInput& in);
  // Members: an indicator entered by hand, with its source.
  Outcome create(const Actor& actor, const Principal& me, long long project_id, const IndicatorInput& in);
  // Members: label, unit, description (and source, by hand). The period kind and, for a computed
  // indicator, what it counts do not change.
  Outcome update(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                 const IndicatorInput& in);
  // Members: the value of a period of an indicator entered by hand (added, or replaced).
  Outcome put_point(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                    const PointInput& in);
  // Members: the target of a period (added, or replaced).
  Outcome put_target(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                     const TargetInput& in);
  // Members: compute a computed indicator's points now.
  Outcome refresh(const Actor& actor, const Principal& me, long long project_id, long long indicator_id);
  // Facilitators: delete an indicator (with its points and targets), a point, a target.
  Outcome remove(const Actor& actor, const Principal& me, long long project_id, long long indicator_id);
  Outcome remove_point(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                       const std::string& period);
  Outcome remove_target(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                        long long target_id);

  // The catalogue's label and unit in French (what a followed indicator is named at first).
  std::string catalogue_label(const std::string& key) const;
  std::string catalogue_unit(const std::string& key) const;

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Computes again the computed indicators older than kDueSeconds (50 at most a run); returns how many.
  long long run_due(long long now);

 private:
  // Computes the points of a computed indicator (see the header comment); returns how many it wrote.
  long long compute_points(soci::session& sql, const Indicator& indicator, long long now) const;
  // Refreshes the project's computed indicators older than kStaleSeconds.
  void refresh_stale(long long project_id);
  Summary summarise(const Indicator& i, const std::vector<Point>& points, const std::vector<Target>& targets,
                    long long now) const;
  std::string t(const std::string& key) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::indicators
