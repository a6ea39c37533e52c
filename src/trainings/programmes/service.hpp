// Programmes (the catalogue), sessions per délégation, half-days and seminars, trainers, the session calendar and ICS
// feeds.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "trainings/programmes/access.hpp"
#include "trainings/programmes/model.hpp"
#include "trainings/programmes/repository.hpp"
#include "trainings/legal/model.hpp"
#include "trainings/trainers/model.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::programmes {

// The access delay shown publicly: median days between a request and its session's start.
struct AccessDelay {
  std::optional<long long> median_days;
  long long count = 0;
};

// Managers act on the programmes and sessions of the organisers they act for with trainings.manage
// (ActingFor: Principal::acting_for(perm::trainings_manage)). Every method that changes one checks it:
// an object outside the manager's organisers is refused as not found, like an id that does not exist.
class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // The programme or session a manager may change; nullopt when it does not exist or is outside
  // the organisers they act for (the same answer for both).
  std::optional<Programme> managed_programme(const ActingFor& m, long long id);
  std::optional<Session> managed_session(const ActingFor& m, long long id);
  // The access of `me` (nullptr: anonymous) to a session; nullopt when it does not exist.
  std::optional<SessionAccess> access(const Principal* me, long long session_id);
  // A session's page and calendar as `me` (nullptr: anonymous) may read them: public when its programme
  // is published, otherwise to its managers, trainers and trainees; not found for anyone else, like an
  // id that does not exist. On success `session` and `access` are filled in.
  Outcome visible_session(const Principal* me, long long id, Session& session, SessionAccess& access);

  // Programmes and modules
  std::optional<Programme> programme(long long id);
  std::vector<Module> modules(long long programme_id);
  std::optional<Module> module(long long id);
  std::vector<Programme> catalogue(const CatalogueFilter& f, long long page, long long per_page, long long& total);
  std::vector<Programme> managed_programmes(const ActingFor& m, long long page, long long per_page, long long& total);
  Outcome save_programme(const Actor& actor, const ActingFor& m, long long id, const ProgrammeInput& in);
  Outcome add_module(const Actor& actor, const ActingFor& m, long long programme_id, const std::string& title,
                     const std::string& content, const std::string& duration);
  Outcome update_module(const Actor& actor, const ActingFor& m, long long module_id, const std::string& title,
                        const std::string& content, const std::string& duration);
  Outcome move_module(const Actor& actor, const ActingFor& m, long long module_id, bool up);
  Outcome delete_module(const Actor& actor, const ActingFor& m, long long module_id);
  AccessDelay access_delay(long long programme_id, long long now);
  Results results(long long programme_id);

  // Sessions
  std::optional<Session> session(long long id);
  std::vector<Session> sessions_of(long long programme_id, bool upcoming_public, long long now);
  std::vector<Session> managed_sessions(const ActingFor& m, long long page, long long per_page, long long& total);
  Outcome save_session(const Actor& actor, const ActingFor& m, long long programme_id, long long session_id,
                       const SessionInput& in);
  Outcome change_status(const Actor& actor, const ActingFor& m, long long session_id, const std::string& to,
                        const std::string& reason);
  // The deadline in force: the session's own, or start - trainings.deadline_days (0 when no date yet).
  long long deadline_of(const Session& s);
  long long deadline_days();
  long long enrolled(long long session_id);
  Mix mix(long long session_id, long long threshold);

  // Seminars, half-days, trainers
  std::vector<Seminar> seminars(long long session_id);
  std::vector<HalfDay> halfdays(long long session_id);
  std::optional<HalfDay> halfday(long long id);
  Outcome add_seminar(const Actor& actor, const ActingFor& m, long long session_id, const std::string& title);
  Outcome add_halfday(const Actor& actor, const ActingFor& m, long long session_id, const HalfDayInput& in);
  Outcome add_series(const Actor& actor, const ActingFor& m, long long session_id, const HalfDaySeries& in);
  Outcome update_halfday(const Actor& actor, const ActingFor& m, long long halfday_id, const HalfDayInput& in);
  Outcome delete_halfday(const Actor& actor, const ActingFor& m, long long halfday_id);
  std::vector<Person> trainers(long long session_id);
  std::vector<Person> trainer_choices(long long organiser_id);
  std::vector<Person> members(long long organiser_id);
  Outcome add_trainer(const Actor& actor, const ActingFor& m, long long session_id, long long user_id);
  Outcome remove_trainer(const Actor& actor, const ActingFor& m, long long session_id, long long user_id);

  // Calendars
  std::vector<HalfDay> calendar(const CalendarScope& scope, long long page, long long per_page, long long& total);
  // A new secret feed token (only its hash is kept); the previous one stops working.
  std::string renew_feed(const Actor& actor, long long user_id);
  long long feed_owner(const std::string& token);
  bool has_feed(long long user_id);

  std::vector<Choice> delegations();
  std::vector<Choice> organisers(bool with_programmes_only);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

  // What the programme's page shows of its published results (none until the source is given).
  void set_published_results(PublishedResultsSource source) { published_results_ = std::move(source); }
  void set_prepared_certification(PreparedCertificationSource source) { prepared_certification_ = std::move(source); }
  std::optional<PreparedCertification> prepared_certification(long long programme_id) const {
    return prepared_certification_ ? prepared_certification_(programme_id) : std::nullopt;
  }
  void set_co_built_project(CoBuiltProjectSource source) { co_built_project_ = std::move(source); }
  std::optional<CoBuiltProject> co_built_project(long long session_id, const Principal& me) const {
    return co_built_project_ ? co_built_project_(session_id, me) : std::nullopt;
  }
  void set_public_quotes(PublicQuotesSource source) { public_quotes_ = std::move(source); }
  std::vector<PublicQuote> public_quotes(long long programme_id) const {
    return public_quotes_ ? public_quotes_(programme_id) : std::vector<PublicQuote>{};
  }
  std::optional<PublishedResults> published_results(long long programme_id) const {
    return published_results_ ? published_results_(programme_id) : std::nullopt;
  }
  // The organiser's legal data (legal module: NDA, Qualiopi), nullopt when none was entered.
  std::optional<legal::LegalData> organiser_legal(long long organiser_id);
  // The trainers of the programme's sessions who consented to be shown publicly (trainers module).
  std::vector<trainers::PublicProfile> public_trainers(long long programme_id);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  PublishedResultsSource published_results_;
  PreparedCertificationSource prepared_certification_;
  CoBuiltProjectSource co_built_project_;
  PublicQuotesSource public_quotes_;
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// 'YYYY-MM-DD' + minutes after midnight → unix seconds (Europe/Paris); -1 when the date is invalid.
long long local_time(const std::string& day, long long minutes);

void register_routes(web::App& app, Service& service);

}  // namespace trame::programmes
