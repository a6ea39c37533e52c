// Decisions of cooperation projects (model.hpp; the rules in rules.hpp). Who does what is asked of
// projects::Service::access: facilitators open, close and cancel decisions and write outcomes (for
// advice, the proposer who opened it decides); facilitators and members vote; observers read. A
// project the person may not see answers like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/actions/service.hpp"
#include "cooperation/decisions/model.hpp"
#include "cooperation/decisions/repository.hpp"
#include "cooperation/decisions/rules.hpp"
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

namespace trame::decisions {

// What a facilitator fills to open a decision (the type is chosen first).
struct DecisionForm {
  std::string type;  // a type's code
  std::string title, details;
  std::string reasons;    // always, objections, never ('' : the type's default)
  std::string closes_at;  // "YYYY-MM-DDTHH:MM" (local time)
  std::string quorum_kind = "none";
  long long quorum_value = 0;
  bool anonymous = false;
  long long allowance = 0;   // dot vote
  long long rank_count = 0;  // ranked choice
  long long meeting_id = 0;  // a meeting of the project, 0: none
  // Options (dot vote, score, ranked choice), or slots "YYYY-MM-DDTHH:MM" (time poll); blank lines skipped.
  std::vector<std::string> options;
};

// The outcome: a statement, the chosen option (options, slots) or a verdict (proposal, consent,
// advice), and an optional review date (ISO day, after today).
struct OutcomeForm {
  std::string statement;
  long long option_id = 0;
  std::string verdict;
  std::string review_on;
};

struct DecisionPage {
  projects::Access access;
  std::vector<Decision> items;
  long long total = 0;
  int page = 1, pages = 1;
};

// Everything the decision's page shows to one person.
struct DecisionView {
  projects::Access access;
  Decision decision;
  Type type;
  std::vector<Option> options;
  std::optional<Ballot> mine;  // this person's ballot, if any (open decision)
  bool may_vote = false;       // contributes, and the decision is open and before its closing time
  bool may_close = false;      // facilitates (advice: the proposer), the decision open or awaiting its outcome
  bool may_cancel = false;     // facilitates, the decision open
  bool show_results = false;   // after voting, to whoever decides, or once closed
  rules::Tally tally;
  std::vector<Ballot> ballots;            // with names only when named; empty unless show_results
  std::vector<actions::Summary> actions;  // the actions this decision started
  std::string meeting_title;              // when attached to a meeting
  std::string chosen_option;              // the outcome's option label
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects, actions::Service& actions)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects),
        actions_(actions) {}

  // ---- For the other modules (meetings, contributions, evaluation)
  // Every decision of a project (open, closed and cancelled), newest first.
  std::vector<Summary> summaries(long long project_id);
  std::optional<Summary> summary(long long project_id, long long decision_id);

  // ---- Pages
  std::optional<projects::Access> access(const Principal& me, long long project_id) {
    return projects_.access(me, project_id);
  }
  std::vector<Type> types();
  std::optional<Type> type(const std::string& code);
  // The project's decisions, `status` open (open ones) or closed (closed and cancelled); nullopt: 404.
  std::optional<DecisionPage> list(const Principal& me, long long project_id, const std::string& status, int page);
  std::optional<DecisionView> view(const Principal& me, long long project_id, long long decision_id);
  // The meetings of the project a decision may be attached to (id, title), when meetings exist.
  std::vector<std::pair<long long, std::string>> meetings(long long project_id);

  // ---- Facilitators
  Outcome open(const Actor& actor, const Principal& me, long long project_id, const DecisionForm& form);
  // Closes an open decision with its outcome, or writes the outcome of a decision closed at its date.
  // Refused without a statement, or without the option (verdict) chosen (decisions.errors.*).
  Outcome close(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                const OutcomeForm& form);
  Outcome cancel(const Actor& actor, const Principal& me, long long project_id, long long decision_id);
  // Consent: marks an objection resolved (the proposal was amended to remove the harm).
  Outcome resolve_objection(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                            long long ballot_id);
  // From the outcome: an action of the project linked to this decision (actions::Service::create).
  Outcome start_action(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                       actions::ActionInput input);

  // ---- Members
  // Gives or changes this person's ballot; 409 (decisions.errors.closed) once closed or past its time.
  Outcome vote(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
               rules::Ballot ballot);

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Closes the decisions whose closing time passed (they then wait for their outcome), and sends the
  // members the review reminder of decisions whose review day came (once). Returns how many.
  long long run_due(long long now);

 private:
  std::vector<Summary> summaries_in(soci::session& sql, long long project_id) const;
  std::string tr(const std::string& key, const web::Params& params = {}) const;
  std::string url_of(const Decision& d) const;
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  actions::Service& actions_;
  Repository repo_;
};

// The rule's parameters of a decision: its type's and its own.
rules::Params params_of(const Decision& d, const Type& t, const std::vector<Option>& options);

void register_routes(web::App& app, Service& service);

}  // namespace trame::decisions
