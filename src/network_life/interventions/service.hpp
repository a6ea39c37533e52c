// Interventions on request (/programmes/interventions; docs/network_life/interventions.md): an
// organiser's catalogue of installations and animations (the escape game « théâtre Bavard »), offered
// on request. A structure's staff asks for one (wanted dates, audience, place, contact); the
// organiser's managers (network_life.manage there: may_manage) accept on a date with times or decline
// with a reason, record the attendance after the date and the team's feedback; the requester confirms
// a date the organiser proposed, may cancel before the date, and gives a satisfaction. Every change of
// state is a conditional UPDATE: two people deciding at once, one wins, the other is told. Requesters
// see their organisations' requests only; managers all of their organiser's; anyone else: 404.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network/organisations/service.hpp"
#include "network_life/interventions/model.hpp"
#include "network_life/interventions/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::interventions {

inline constexpr const char* kDemoOfferTitle = "Escape Game « théâtre Bavard »";
inline constexpr const char* kDemoOrganiser = "Cultures du Cœur 94";

struct RequestPage {
  std::vector<Request> items;
  long long total = 0;
  int page = 1, pages = 1;
};

struct RequestView {
  Request request;
  bool manages = false;    // a manager of the organiser
  bool requester = false;  // staff of the requesting organisation
};

struct OrgOption {
  long long id = 0;
  std::string name;
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  static constexpr std::size_t kMaxText = 4000;
  static constexpr std::size_t kMaxShort = 200;
  static constexpr long long kMaxDurationSeconds = 12 * 3600;
  static constexpr long long kReminderAhead = 2 * 86400;  // the reminder, two days before

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations) {}

  // The one rule of who manages an organiser's interventions.
  static bool may_manage(const Principal& me, long long organiser_id);
  // Staff of an organisation (may request for it and read its requests): a role other than trainee,
  // volunteer or jury member there (administrators everywhere).
  static bool staff_of(const Principal& me, long long organisation_id);
  // The organisations a person may request for.
  static std::vector<OrgOption> requester_organisations(const Principal& me);
  // Organisers a person manages (for the offer form; administrators: every active organisation).
  std::vector<OrgOption> managed_organisers(const Principal& me);
  bool manages_any(const Principal& me) const;

  // ---- Catalogue (public)
  std::vector<Offer> catalogue(const Principal* me);
  // nullopt: missing, or unpublished and not managed (404).
  std::optional<Offer> offer(const Principal* me, long long id);
  Outcome create_offer(const Actor& actor, const Principal& me, const OfferInput& in);
  Outcome update_offer(const Actor& actor, const Principal& me, long long id, const OfferInput& in);
  std::vector<OrgChoice> directory();

  // ---- Requests
  Outcome create_request(const Actor& actor, const Principal& me, long long offer_id, const RequestInput& in);
  // filter: "" all, or a status; paginated, newest first.
  RequestPage list(const Principal& me, const std::string& filter, int page);
  // Accepted and scheduled interventions from today on, soonest first (past: `past` true, newest first).
  RequestPage calendar(const Principal& me, bool past, int page);
  std::optional<RequestView> view(const Principal& me, long long id);

  Outcome accept(const Actor& actor, const Principal& me, long long id, const AcceptInput& in);
  Outcome decline(const Actor& actor, const Principal& me, long long id, const std::string& reason);
  Outcome confirm(const Actor& actor, const Principal& me, long long id);
  Outcome cancel(const Actor& actor, const Principal& me, long long id, const std::string& reason);
  Outcome record_attendance(const Actor& actor, const Principal& me, long long id, const AttendanceInput& in);
  Outcome team_feedback(const Actor& actor, const Principal& me, long long id, const std::string& text);
  Outcome satisfaction(const Actor& actor, const Principal& me, long long id, const std::string& value,
                       const std::string& comment);

  // Yearly figures of an organiser one manages (403 otherwise; 404 unknown organiser).
  Outcome figures(const Principal& me, long long organiser_id, int year, YearFigures& out);

  // Dashboard: requests awaiting a decision (managers), the next intervention (requesters).
  std::vector<Request> awaiting(const Principal& me, int limit, long long& total);
  std::optional<Request> next_for(const Principal& me);

  // "le 12/03/2026 de 14:00 à 16:00".
  std::string when(long long starts_at, long long ends_at) const;

  // Seed 004's escape game (Cultures du Cœur 94) and its requests; does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: the reminder of the scheduled interventions starting within two days (e-mail + ICS);
  // returns how many were sent.
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Outcome validate_offer(const OfferInput& in, Offer& o) const;
  // A request's row for someone who may see it (else the rollback of a 404).
  Request visible(soci::session& sql, const Principal& me, long long id, bool& manages, bool& requester) const;
  RequestFilter visible_to(const Principal& me) const;
  std::string request_url(long long id) const;
  // The e-mail of a decision to the requester and the contact (each once), with a calendar file
  // when `ics` ("request", "cancel") is set.
  void notify(soci::session& sql, const Request& r, const std::string& kind, const web::Params& extra,
              const std::string& ics, long long now);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::interventions
