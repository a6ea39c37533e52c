// Support requests, « accompagnement individualisé » (/evenements/accompagnements;
// docs/network_life/support_requests.md): a social team (staff of a relais) asks the network head (the
// organiser: an organisation with network_life.manage staff; by default Cultures du Cœur 94) for
// individual support to set up or improve the practice in its structure. The organiser's coordinators
// set an appointment (a time, a place or online), write internal notes (managers only), add follow-up
// entries, and close it with an outcome from fixed categories and a short summary the structure sees.
// The structure sees its own requests and their status, never the internal notes.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network_life/support_requests/model.hpp"
#include "network_life/support_requests/repository.hpp"

#include "network/organisations/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::support_requests {

inline constexpr const char* kOrganiserSetting = "network_life.support_organiser";
inline constexpr const char* kDefaultOrganiser = "Cultures du Cœur 94";
inline constexpr std::size_t kSubjectMax = 200;
inline constexpr std::size_t kTextMax = 4000;
inline constexpr std::size_t kShortMax = 300;
inline constexpr std::size_t kNotesMax = 20000;
inline constexpr std::size_t kSummaryMax = 1000;

// The fixed outcome categories (mis en place, amélioré, réorienté, sans suite).
const std::vector<std::string>& outcomes();
bool is_outcome(const std::string& value);

struct RequestInput {
  std::string relais, organiser, subject, context, audience, wished_period;
};

struct AppointmentInput {
  std::string when, place;
  bool online = false;
};

struct RequestPage {
  std::vector<Request> items;
  long long total = 0;
};

struct View {
  Request request;  // notes cleared unless `manages`
  bool manages = false;
  std::vector<Followup> followups;
};

// Input checks (pure, unit-tested): the key of the first fault and its field, or success.
Outcome check_request(const RequestInput& in);
Outcome check_appointment(const AppointmentInput& in, long long& at);
Outcome check_closing(const std::string& outcome, const std::string& summary);

class Service {
 public:
  static constexpr long long kPerPage = 20;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations) {}

  // Who manages a request: administrators and the organiser's network_life.manage staff.
  static bool may_manage(const Principal& me, long long organiser_id) {
    return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
  }
  // The structures a person may ask for: the social organisations they are a member of.
  std::vector<Choice> structures_of(const Principal& me);
  // The organisations that may be asked: those with network_life.manage staff.
  std::vector<Choice> organisers();
  // The organiser preselected (setting network_life.support_organiser, an organisation's name).
  long long default_organiser();

  // The requests a person sees (their structures' and those they manage), newest first.
  RequestPage list(const Principal& me, long long page);
  // Open requests (not closed) the person manages, oldest first (the dashboard).
  RequestPage open_managed(const Principal& me, long long limit);
  // nullopt: not found or not visible (404).
  std::optional<View> view(const Principal& me, long long id);

  Outcome create(const Actor& actor, const Principal& me, const RequestInput& in);
  Outcome schedule(const Actor& actor, const Principal& me, long long id, const AppointmentInput& in);
  Outcome write_notes(const Actor& actor, const Principal& me, long long id, const std::string& notes);
  Outcome add_followup(const Actor& actor, const Principal& me, long long id, const std::string& body);
  Outcome close(const Actor& actor, const Principal& me, long long id, const std::string& outcome,
                const std::string& summary);

  // Demo: one request of the Vitry relais closed in 2023, one open. Does nothing twice.
  void load_demo(const Actor& actor);
  long long run_due(long long now);

 private:
  // Inside a write: the request if the person may see it (else not found) and manage it (else forbidden);
  // an open one when `open` (else conflict).
  Request managed(soci::session& sql, const Principal& me, long long id, bool open);
  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t("fr", key, params);
  }

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

}  // namespace trame::support_requests
