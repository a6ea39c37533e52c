// Applications to a session, interviews, admission decisions, the waiting list, access delays and funding lines.
// Rules: an application is accepted only on an open (or confirmed) session, before its deadline, with a free
// seat, once per person, and for CPF funding with at least trainings.cpf_working_days working days before
// the start. Seats (training_sessions.seats_taken) move only through conditional UPDATEs, in the transaction
// that admits or withdraws; a released seat goes at once to the oldest waiting application. The adaptation
// request is read only by the programme's disability referent.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/audit/reads.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "trainings/enrolments/model.hpp"
#include "trainings/enrolments/repository.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::enrolments {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  std::optional<SessionInfo> session(long long id);
  std::optional<programmes::SessionAccess> access(const Principal* me, long long session_id);
  std::vector<std::pair<long long, std::string>> organisations();
  // Why applications to the session are closed now (a catalogue key), or "" when they are open.
  std::string closed_reason(long long session_id);
  // The working days CPF needs before the start (setting trainings.cpf_working_days, default 11).
  long long cpf_working_days();

  // Applies for `user_id`, or for a new account (name, e-mail) when user_id is 0: the new user gets a link
  // to choose a password. Returns the application's id (0 when user_id is 0 and the address already has an
  // account: nothing is recorded, the answer is the same, and the owner is e-mailed instead). Anonymous
  // applications are rate limited per address and per IP (enrolments.errors.rate_limited).
  Outcome apply(const Actor& actor, long long session_id, long long user_id, const ApplicationInput& in);
  std::optional<Application> application(long long id);
  std::vector<Application> applications_of_user(long long user_id, long long page, long long per_page,
                                                long long& total);
  std::vector<Application> applications_of_session(long long session_id, const std::string& status, long long page,
                                                   long long per_page, long long& total);
  std::vector<StatusCount> status_counts(long long session_id);
  // The applications `me` has to decide on (the sessions of the organisers they manage): the first
  // `limit` ones, oldest first, and how many in all.
  std::vector<Application> to_handle(const Principal& me, long long limit, long long& total);

  // The applicant's actions.
  Outcome withdraw(const Actor& actor, long long application_id, const std::string& reason);
  Outcome confirm(const Actor& actor, long long application_id);
  Outcome answer_interview(const Actor& actor, long long interview_id, bool accept);

  // The organiser's actions, by `me` acting for organisers with trainings.manage. Decided before any
  // validation: an application that does not exist, or that `me` may not see, is not found; the applicant
  // and the disability referent, who see it but may not decide on it, are denied.
  Outcome propose_interview(const Actor& actor, const Principal& me, long long application_id,
                            const InterviewInput& in);
  Outcome record_notes(const Actor& actor, const Principal& me, long long interview_id, const InterviewNotes& notes);
  Outcome decide(const Actor& actor, const Principal& me, long long application_id, const std::string& decision,
                 const std::string& reason);
  // Corrects the trainee's status and employer type (audited with the old and new values).
  Outcome set_trainee_status(const Actor& actor, const Principal& me, long long application_id,
                             const std::string& status, const std::string& employer_type);
  Outcome save_line(const Actor& actor, const Principal& me, long long application_id, long long line_id,
                    const FundingInput& in);

  std::optional<Interview> interview(long long id);
  std::vector<Interview> interviews_of(long long application_id);
  std::optional<FundingLine> line(long long id);
  std::vector<FundingLine> lines_of(long long application_id);
  long long planned_minutes(long long session_id);
  long long attended_minutes(long long application_id);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

  // A sensitive read, through the platform's one rule (platform/audit/reads.hpp, issue 23).
  bool record_read(const Actor& actor, const audit::Read& read) { return audit::record_read(db_, audit_, actor, read); }

 private:
  // The application a manager acts on; rolls back as not found when it does not exist or its
  // session's organiser is not one `m` covers.
  std::optional<Application> managed_application(soci::session& sql, const ActingFor& m, long long application_id);
  // Success when `me` manages the application's session; not_found or denied otherwise (see above).
  Outcome check_manager(const Principal& me, long long application_id);
  std::string t(const std::string& key, const web::Params& params = {}) const;
  void notify(soci::session& sql, const Application& a, const std::string& kind, web::Params params);
  // Gives a released seat of the session to its oldest waiting application (inside the caller's transaction).
  long long promote(soci::session& sql, long long session_id, long long now);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// Training staff's applications to handle, on /tableau-de-bord.
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::enrolments
