// Events (/evenements): kinds as data, in person or online, registration with a waiting list promoted
// automatically, reminders (e-mail + ICS), attendance and an evaluation questionnaire sent after.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <functional>
#include <string>
#include <vector>

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

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  bookings::Service& bookings_;
  campaigns::Service& campaigns_;
  std::vector<AttendedListener> attended_listeners_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::events
