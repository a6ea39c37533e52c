// Referents' onboarding: attending an atelier d'appropriation onboards the referent for their relais
// (the outings' booking gate reads it); relais pages, relais with none, onboardings grown old.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <string>

#include "network/organisations/service.hpp"
#include "outings/bookings/service.hpp"
#include "network_life/events/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::onboarding {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, bookings::Service& bookings,
          events::Service& events)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        bookings_(bookings),
        events_(events) {}

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
  events::Service& events_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::onboarding
