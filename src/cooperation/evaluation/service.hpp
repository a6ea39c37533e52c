// Evaluation of a cooperation project (model.hpp; docs/cooperation/evaluation.md): criteria proposed by
// the members and adopted (or rejected) by a closed decision of the project; the evaluation of the
// cooperation itself by questionnaire at each phase, through the questionnaires engine (a sending of
// audience 'project'); a yearly report as PDF. Who does what follows projects::Access: members who
// contribute propose criteria (and edit theirs while proposed); facilitators attach decisions, launch
// the phase evaluations and download the report; observers and the network read. A project the
// person may not see answers like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/actions/service.hpp"
#include "cooperation/decisions/service.hpp"
#include "cooperation/evaluation/model.hpp"
#include "cooperation/evaluation/report.hpp"
#include "cooperation/evaluation/repository.hpp"
#include "cooperation/indicators/service.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "questionnaires/results/model.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::evaluation {

// What a member enters to propose (or edit) a criterion.
struct CriterionInput {
  std::string title, dimension, description;
  std::vector<std::string> indicators;  // ids of the project's indicators, as sent
};

// An indicator of the project as this module shows it (from indicators::Service::summaries).
struct IndicatorRow {
  long long id = 0;
  std::string label, unit;
  std::string latest, latest_period;  // '' when no value yet
  std::string target, target_period;  // '' when no target
  bool has_target = false, met = false;
};

// The evaluation of one phase as the page shows it.
struct PhaseRow {
  std::string phase;
  std::optional<PhaseEvaluation> evaluation;  // nullopt: not launched
};

struct Overview {
  projects::Access access;
  std::vector<Criterion> criteria;  // this page's
  long long total = 0;
  int page = 1, pages = 1;
  std::vector<PhaseRow> phases;  // the four phases in order
  std::vector<IndicatorRow> indicators;
  bool may_propose = false;     // contributes
  bool may_facilitate = false;  // facilitates: decisions, phase evaluations, report
  std::vector<int> years;       // the report's years (the project's first to this one)
};

struct CriterionView {
  projects::Access access;
  Criterion criterion;
  std::vector<IndicatorRow> indicators;              // the criterion's
  std::vector<IndicatorRow> project_indicators;      // every one of the project (the edit form)
  std::optional<decisions::Summary> decision;        // the decision that adopted or rejected it
  std::vector<decisions::Summary> closed_decisions;  // the project's decisions with an outcome (the form)
  bool may_edit = false;    // proposed, and its proposer or a facilitator (who contributes or facilitates)
  bool may_decide = false;  // proposed, and a facilitator
};

struct PhaseView {
  projects::Access access;
  PhaseEvaluation evaluation;
  results::Report report;
  bool results_link = false;  // the reader manages the questionnaire's results (questionnaires.manage)
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects, indicators::Service& indicators,
          actions::Service& actions, decisions::Service& decisions, campaigns::Service& campaigns)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects),
        indicators_(indicators),
        actions_(actions),
        decisions_(decisions),
        campaigns_(campaigns) {}

  // ---- Pages (nullopt: 404)
  std::optional<Overview> overview(const Principal& me, long long project_id, int page);
  // A criterion of the project (another project's: nullopt).
  std::optional<CriterionView> criterion(const Principal& me, long long project_id, long long criterion_id);
  std::optional<PhaseView> phase(const Principal& me, long long project_id, const std::string& phase);

  // ---- Criteria
  // Members who contribute. Refused in French with the field: no or long title, unknown dimension,
  // long description, an indicator that is not the project's. Outcome id: the criterion.
  Outcome propose(const Actor& actor, const Principal& me, long long project_id, const CriterionInput& in);
  // Its proposer or a facilitator, while it is proposed (409 once decided).
  Outcome update(const Actor& actor, const Principal& me, long long project_id, long long criterion_id,
                 const CriterionInput& in);
  // Facilitators: adopts or rejects a proposed criterion through a closed decision of the project
  // (verdict_of in model.hpp). `verdict`: adopted or rejected. Outcome id: the criterion.
  Outcome decide(const Actor& actor, const Principal& me, long long project_id, long long criterion_id,
                 long long decision_id, const std::string& verdict);

  // ---- Phase evaluations
  // Facilitators: sends the project's evaluation questionnaire (created from the starter the first
  // time, then reused) to its facilitators and members, for `phase`; once per phase (409 after).
  // The questionnaire belongs to the project's organisation, or, for a project without one, to the
  // first organisation of the facilitator who launches the first evaluation (422 when they have
  // none). Outcome id: the sending (campaign).
  Outcome launch(const Actor& actor, const Principal& me, long long project_id, const std::string& phase);

  // ---- Report
  // Facilitators: the yearly report's PDF (nullopt with *refusal: not_found, forbidden, or not_found
  // for a year outside the project's years).
  std::optional<std::string> report_pdf(const Principal& me, long long project_id, int year, Outcome* refusal);
  // The report's content (for the PDF and the tests).
  ReportData report_data(const projects::Access& access, int year);

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: none (reminders of the sendings are the campaigns' own); returns 0.
  long long run_due(long long now);

  std::string t(const std::string& key, const web::Params& params = {}) const;

 private:
  std::vector<IndicatorRow> indicator_rows(long long project_id);
  // Checks a criterion's input against the project's indicators; refuses (rolls back) at the first fault.
  Criterion checked(long long project_id, const CriterionInput& in, std::vector<long long>& indicator_ids);
  std::vector<int> years_of(const projects::Project& p) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  indicators::Service& indicators_;
  actions::Service& actions_;
  decisions::Service& decisions_;
  campaigns::Service& campaigns_;
  Repository repo_;
  projects::Repository projects_repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::evaluation
