// Juries and grids (see model.hpp). The certifier's staff (certifications.manage) compose a
// session's jury and validate it; members grade the candidates they are not in conflict with.
// Membership of a jury is checked here, for every route: a person who sits on no jury of the
// session answers like a missing id.
#pragma once
#include "certification/evaluations/service.hpp"
#include "certification/juries/repository.hpp"
#include "certification/referential/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::juries {

// What a juror sees to grade one candidate: the session, the candidate, the criteria of the
// candidate's version, and their own grid (none yet: nothing saved).
struct GridView {
  evaluations::EvaluationSession session;
  evaluations::Entry entry;
  std::vector<referential::Block> blocks;
  std::optional<Grid> grid;
  Member me;
  bool jury_validated = false;
  std::vector<Conflict> conflicts;  // of this juror with this candidate
};

// A candidate a juror has to grade (for the dashboard and the juror's page).
struct ToGrade {
  long long session_id = 0;
  std::string session_title, day;
  long long entry_id = 0;
  std::string code;
  std::string status;  // none, draft, submitted, conflict
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, evaluations::Service& evaluations)
      : db_(db), audit_(audit), evaluations_(evaluations) {}

  // ---- The certifier's staff
  std::vector<Member> members(long long session_id);
  // A member by the e-mail address of their account.
  Outcome add_member(const Actor& actor, const ActingFor& managed, long long session_id, const std::string& email,
                     const std::string& kind, bool chair);
  Outcome remove_member(const Actor& actor, const ActingFor& managed, long long member_id);
  Outcome make_chair(const Actor& actor, const ActingFor& managed, long long member_id);
  // Who may grade each candidate of the session, and the conflicts that exclude the others.
  std::vector<Graders> graders(long long session_id);
  // Declares a conflict between a member and a candidate: by the certifier's staff for any member,
  // by a member for themself. The outcome's id is the session's.
  Outcome declare_conflict(const Actor& actor, const Principal& me, long long session_id, long long registration_id,
                           long long user_id, const std::string& reason);
  // Refused (juries.errors.too_few_graders) when a candidate has fewer than two eligible graders,
  // or without a chair; the session's jury page lists which candidate and why.
  Outcome validate_jury(const Actor& actor, const ActingFor& managed, long long session_id);
  long long jury_validated_at(long long session_id);

  // ---- Jurors
  // The session's jury member `me`, or nullopt (answered as not found).
  std::optional<Member> sitting(const Principal& me, long long session_id);
  std::optional<GridView> grid_view(const Principal& me, long long entry_id);
  // Saves the marks (criterion id → mark, comment); with submit, every criterion needs a mark and
  // the grid is locked. A comment is required unless the criterion is acquired.
  Outcome save_grid(const Actor& actor, const Principal& me, long long entry_id, const std::vector<Mark>& marks,
                    bool submit);
  // The chair reopens a submitted grid, with a reason (audited). The outcome's id is the entry's.
  Outcome reopen(const Actor& actor, const Principal& me, long long grid_id, const std::string& reason);
  std::vector<ToGrade> to_grade(long long user_id);
  // The confidential cases of a session, for its jury members from the session's day on (the
  // certifier's staff read them at any time on the session's page); empty for anyone else.
  std::vector<evaluations::Case> cases_for_jury(const Principal& me, long long session_id);
  // One of those cases (nullopt: answered as not found; before the day too).
  std::optional<evaluations::Case> case_for_jury(const Principal& me, long long case_id);
  evaluations::Service& evaluations() { return evaluations_; }

 private:
  store::Database& db_;
  audit::Service& audit_;
  evaluations::Service& evaluations_;
  Repository repo_;
  evaluations::Repository sessions_;
  candidates::Repository registrations_;
  referential::Repository referential_;
};

void register_routes(web::App& app, Service& service);
// The juror's "Jurys" panel on /tableau-de-bord (order 245): the candidates to grade.
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::juries
