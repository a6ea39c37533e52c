// Events (/evenements): kinds as data, in person or online, registration with a waiting list promoted
// automatically, reminders (e-mail + ICS), attendance and an evaluation questionnaire sent after.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "network_life/events/model.hpp"
#include "network_life/events/repository.hpp"

#include "network/organisations/service.hpp"
#include "outings/bookings/service.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::events {

// Someone was marked present at an event (inside the attendance write, same transaction).
struct Attended {
  long long event_id = 0;
  std::string kind;  // the kind's key: cafe_decouverte, atelier_appropriation, …
  long long user_id = 0;
  long long organisation_id = 0;  // the relais the person came for (0: none)
  std::string day;                // ISO day of the event
};
using AttendedListener = std::function<void(soci::session&, const Actor&, const Attended&)>;

// The demo's titles (for the other modules' demo loaders and the tests).
inline constexpr const char* kDemoAtelierTitle = "Atelier d'appropriation — relais du Val-de-Marne";
inline constexpr const char* kDemoUpcomingCafeTitle = "Café découverte — présentation du dispositif";
inline constexpr const char* kDemoUpcomingAtelierTitle = "Atelier d'appropriation — nouveaux référents";

struct EventPage {
  std::vector<Event> items;
  long long total = 0;
  int page = 1, pages = 1;
};

struct RegistrationPage {
  std::vector<std::pair<Registration, Event>> items;
  long long total = 0;
  int page = 1, pages = 1;
};

// Everything an event's page shows to one person (nullptr: anonymous).
struct EventView {
  Event event;
  bool manages = false;                     // may_manage(me, organiser)
  std::optional<Registration> self;         // my own live registration
  std::vector<Registration> for_supported;  // live registrations I made for people supported
  std::vector<Registration> all;            // managers: every live registration (waiting list in order)
  bool link_open = false;                   // the online link may be shown to me now
  std::string refusal;                      // why registering is not possible now ('' when it is)
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, bookings::Service& bookings,
          campaigns::Service& campaigns)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        bookings_(bookings),
        campaigns_(campaigns) {}

  // Listeners run inside the transaction that records a presence (onboarding registers one).
  void on_attended(AttendedListener listener) { attended_listeners_.push_back(std::move(listener)); }

  // Who manages an organiser's events: administrators, and network_life.manage in the organiser.
  static bool may_manage(const Principal& me, long long organiser_id) {
    return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
  }
  static bool manages_somewhere(const Principal& me) { return me.is_admin() || me.can(perm::network_life_manage); }

  static constexpr int kPerPage = 20;

  // ---- Reading
  std::vector<Kind> kinds();
  // Upcoming (not ended) or past events, optionally of one kind; anonymous people see public ones.
  EventPage list(const Principal* me, bool past, const std::string& kind, int page);
  // nullopt: missing, or not visible to this person (404).
  std::optional<EventView> view(const Principal* me, long long id);
  // The organisers `me` may create events for; the places of the directory.
  std::vector<Choice> organiser_choices(const Principal& me);
  std::vector<Choice> places();
  // The people supported `me` may register (beneficiaries of their relais, codes only).
  std::vector<Choice> supported_choices(const Principal& me);
  // My registrations (mine and those I made for people supported), upcoming first.
  RegistrationPage my_registrations(const Principal& me, int page);
  // My next events (dashboard).
  std::vector<std::pair<Registration, Event>> next_for(const Principal& me, int limit);

  // ---- Managers
  Outcome create(const Actor& actor, const Principal& me, const EventInput& in);
  Outcome update(const Actor& actor, const Principal& me, long long id, const EventInput& in);
  // Cancelled; every registered or waiting person told by e-mail (with the calendar's cancellation).
  Outcome cancel(const Actor& actor, const Principal& me, long long id);
  // After the start: registration id → present | absent | '' (unmarked). Each new presence calls the
  // on_attended listeners in this transaction.
  Outcome record_attendance(const Actor& actor, const Principal& me, long long id,
                            const std::map<long long, std::string>& marks);
  // After the end, once: the evaluation questionnaire sent to the people present (campaigns engine).
  Outcome send_evaluation(const Actor& actor, const Principal& me, long long id);

  // ---- Registering
  // A professional for themself, for one of their organisations ('' or 0: the first one).
  Outcome register_self(const Actor& actor, const Principal& me, long long id, const std::string& organisation);
  // A referent for a person supported of their relais (events for the people supported).
  Outcome register_supported(const Actor& actor, const Principal& me, long long id, const std::string& beneficiary);
  // Cancels a live registration (its person, who made it, a referent of the relais, a manager); the
  // first waiting person is promoted when a place frees up.
  Outcome cancel_registration(const Actor& actor, const Principal& me, long long id, long long registration_id);
  // The online link for a registered person, the day before and on the day; refused otherwise.
  Outcome online_link(const Principal& me, long long id, std::string& url);

  // "le 12/03/2026 de 14:00 à 16:00".
  std::string when(long long starts_at, long long ends_at) const;

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Outcome validate(soci::session& sql, const Principal& me, const EventInput& in, Event& e, bool creating) const;
  // Promotes waiting people, first come first served, while places remain; returns how many.
  long long promote(soci::session& sql, const Actor& actor, const Event& e, long long now);
  // The e-mail of one registration (to the person, or to the referent who registered a person
  // supported); with the calendar file (REQUEST or CANCEL) for `ics`.
  void notify(soci::session& sql, const Event& e, const Registration& r, const std::string& kind, long long now,
              bool ics);
  Outcome register_one(const Actor& actor, const Principal& me, long long id, Registration r);
  // Demo helpers (demo.cpp).
  long long demo_event(soci::session& sql, const Actor& actor, long long organiser, const std::string& kind,
                       const std::string& title, const std::string& description, long long starts_at, long long ends_at,
                       long long place, const std::string& online_url, long long capacity,
                       const std::string& visibility, long long created_by);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  bookings::Service& bookings_;
  campaigns::Service& campaigns_;
  Repository repo_;
  std::vector<AttendedListener> attended_listeners_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::events
