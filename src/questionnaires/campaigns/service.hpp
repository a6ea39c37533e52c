// Sending questionnaires: audiences, invitations and reminders, the evaluation cycle of every training session.
#pragma once
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/campaigns/model.hpp"
#include "questionnaires/campaigns/repository.hpp"
#include "questionnaires/results/model.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::campaigns {

// Reminder days as typed ("3,7"): increasing whole days 1–365, at most 5; nullopt when malformed.
std::optional<std::vector<long long>> parse_reminder_days(const std::string& text);
// The e-mail addresses of a list typed one per line (also ',' or ';'), lower-cased, without duplicates;
// nullopt with the bad line in *bad when one is not an address.
std::optional<std::vector<std::string>> parse_emails(const std::string& text, std::string* bad = nullptr);
// The send dates of the four stages for a session (stage → unix time).
std::map<std::string, long long> cycle_dates(long long starts_at, long long ends_at);
// When the mid-course ("à chaud") stage goes (issue 18), from the session's half-days in time order:
// at the end of the first seminar when the half-days belong to two seminars or more; otherwise at the
// end of the middle half-day (the ((n − 1) / 2)-th of n); the middle of [starts_at, ends_at] without
// half-days.
long long mid_course_at(const std::vector<HalfDaySlot>& halfdays, long long starts_at, long long ends_at);

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Steps of run_due that failed for another reason than a concurrent instance (each logged), since start.
  long long job_errors() const { return job_errors_; }
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

  // A questionnaire / campaign of an organisation `scope` covers (nullopt: none, or outside the scope:
  // the routes answer 404 for both).
  std::optional<QuestionnaireRef> questionnaire(const ActingFor& scope, long long id);
  std::optional<Campaign> campaign(const ActingFor& scope, long long id);
  std::vector<Campaign> campaigns_of(long long questionnaire_id, long long page, long long per_page, long long& total);
  std::vector<Invitation> not_answered(long long campaign_id, long long page, long long per_page, long long& total);
  std::vector<Option> organisations();
  std::vector<Option> sessions_of(long long organiser_id);

  // The changes below answer not_found for a questionnaire / campaign outside `scope`.
  // Creates a campaign of the questionnaire. A public link's URL is returned through *link (shown
  // once). Outcome.id: the campaign.
  Outcome create(const Actor& actor, const ActingFor& scope, const QuestionnaireRef& q, const CampaignInput& in,
                 std::string* link);
  Outcome send_now(const Actor& actor, const ActingFor& scope, long long campaign_id);
  // Reminds now every invitee who has not answered; Outcome.id = how many.
  Outcome remind_now(const Actor& actor, const ActingFor& scope, long long campaign_id);
  Outcome close(const Actor& actor, const ActingFor& scope, long long campaign_id);
  Outcome cancel(const Actor& actor, const ActingFor& scope, long long campaign_id);
  Outcome regenerate_link(const Actor& actor, const ActingFor& scope, long long campaign_id, std::string* link);
  // For the domains above questionnaires (cooperation's phase evaluations, audience 'project'): a
  // sending of c.questionnaire_id by c.organisation_id (title, audience, closes_at, reminder_days as
  // given) to exactly `people`, created and sent at once (the invitations mailed) INSIDE THE CALLER'S
  // WRITE TRANSACTION. The caller has decided who may send it and to whom. Returns the sending's id.
  long long send_to(soci::session& sql, const Actor& actor, Campaign c, const std::vector<Recipient>& people,
                    long long now);

  // A visitor of a public link: the token to answer with (their own from the cookie when still
  // valid, else a new invitation). nullopt with *failure when the link is not usable: not_found
  // (unknown), gone (not open yet, closed), limited (too many new visits from this address).
  std::optional<std::string> visit_public_link(const std::string& link_token, const std::string& cookie_token,
                                               const std::string& ip, Outcome* failure);

  // The evaluation cycle of a session.
  std::optional<SessionRow> session(long long id);
  // The session as `me` sees it, and whether they manage its evaluations (trainings.manage or
  // questionnaires.manage in its organiser); nullopt when it does not exist.
  std::optional<programmes::SessionAccess> access(const Principal& me, long long session_id, bool* manager = nullptr);
  std::vector<Campaign> cycle(long long session_id);
  // The results of the session's mid-course sending once sent (issue 18), for its staff: the report of
  // results (the guard under 5 responses applies), free texts in alphabetical order so that their
  // order says nothing of who answered when. nullopt when not sent yet.
  std::optional<results::Report> mid_course_results(long long session_id);
  // The sendings open now within `scope` (the first `limit`), and how many in all.
  std::vector<Campaign> open_now(const ActingFor& scope, long long limit, long long& total);
  std::vector<QuestionnaireRef> questionnaires_of(long long organisation_id, const std::string& kind);
  // Changes a scheduled stage of the cycle: not_found for a session `me` does not see (neither its
  // evaluations' manager nor its trainer), forbidden for its trainers.
  Outcome edit_stage(const Actor& actor, const Principal& me, long long session_id, long long campaign_id,
                     const std::string& date, const std::string& time, const std::string& questionnaire_id);

  std::string t(const std::string& key, const web::Params& params = {}) const;

 private:
  // Inside a write transaction.
  long long create_cycle(soci::session& sql, const SessionRow& s, long long now);
  long long questionnaire_for_stage(soci::session& sql, const SessionRow& s, const std::string& stage, long long now);
  // The mid-course stage of a session (issue 18), scheduled; 0 when the session has ended at `now`.
  long long add_mid_course(soci::session& sql, const SessionRow& s, const std::string& reminder_days, long long now);
  // Before a positioning or follow-up stage's invitations go: its questionnaire becomes the session's
  // copy with the session's own objectives and (follow-up) its trainers, when there is one to make.
  void expand_for_session(soci::session& sql, Campaign& c, long long now);
  long long send(soci::session& sql, const Campaign& c, long long now);
  long long remind(soci::session& sql, const Campaign& c, long long now, bool force);
  void mail_invitation(soci::session& sql, const Campaign& c, const Invitation& inv, const std::string& token,
                       bool reminder);
  // The follow-up of certification holders six months after their certificate (holders.cpp): invites
  // the holders due, each certificate claimed once; returns how many certificates were followed up.
  long long follow_up_holders(long long now);
  // The demo's published holders' questionnaire of the Observatoire (holders.cpp), inside a write transaction.
  void load_holders_demo(soci::session& sql, long long now);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
  std::atomic<long long> job_errors_{0};
};

void register_routes(web::App& app, Service& service);
// The dashboard's panel of the sendings open now, with their response rate, for whoever manages
// questionnaires (none for anyone else).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::campaigns
