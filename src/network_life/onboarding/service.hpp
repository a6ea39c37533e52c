// Referents' onboarding (docs/network_life/onboarding.md): attending an atelier d'appropriation
// (events) onboards the referent for their relais — a row of its history (life_onboardings) and the
// outings' booking gate's date (memberships.onboarded_on) in the transaction that records the presence;
// a relais page shows its onboarded referents; coordinators see the relais with none, and the
// referents onboarded more than N years ago (setting network_life.onboarding_valid_years, default 3).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network/organisations/service.hpp"
#include "network_life/onboarding/model.hpp"
#include "network_life/onboarding/repository.hpp"
#include "outings/bookings/service.hpp"
#include "network_life/events/service.hpp"
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

namespace trame::onboarding {

inline constexpr const char* kWorkshopKind = "atelier_appropriation";
inline constexpr const char* kValidYearsSetting = "network_life.onboarding_valid_years";
inline constexpr long long kDefaultValidYears = 3;

// Pure rules (unit-tested).
// Whether an attendance onboards: the kind is the atelier d'appropriation and a person is named.
bool onboards(const events::Attended& a);
// The day `years` years before `today` (ISO); 29 February becomes 28 February.
std::string years_before(const std::string& today, long long years);
// The valid-years setting's value: a whole number 1..50, else the default.
long long valid_years_of(const std::string& setting);

class Service {
 public:
  static constexpr long long kPerPage = 20;

  Service(store::Database& db, audit::Service& audit, bookings::Service& bookings, events::Service& events)
      : db_(db), audit_(audit), bookings_(bookings), events_(events) {
    events_.on_attended(
        [this](soci::session& sql, const Actor& actor, const events::Attended& a) { record_attended(sql, actor, a); });
  }

  // The listener (inside the transaction recording the presence): for an atelier d'appropriation and a
  // referent of the relais (organisation_id; 0: every relais the person is a referent of), one history
  // row per relais (once per event) and the gate's date, with an audit entry. Returns how many relais.
  long long record_attended(soci::session& sql, const Actor& actor, const events::Attended& a);

  // Who manages a relais's onboarding: administrators, the relais's own network_life.manage staff, and
  // those of an organisation whose social relay (active partnership) it is.
  bool may_manage(const Principal& me, long long relais_id);
  // Whether the person coordinates any relais (network_life.manage somewhere).
  static bool coordinates(const Principal& me) { return me.is_admin() || me.can(perm::network_life_manage); }

  // The relais's page: its members and managers; nullopt (404) otherwise or when it is no relais.
  std::optional<RelaisView> relais(const Principal& me, long long relais_id, long long page);
  // Coordinators: the relais they manage with no onboarded referent; nullopt (403) for others.
  std::optional<Page<RelaisRow>> without_onboarded(const Principal& me, long long page);
  // Coordinators: referents whose onboarding is older than the valid years; nullopt (403) for others.
  std::optional<Page<OldRow>> grown_old(const Principal& me, long long page, std::string& before);
  long long valid_years();

  // Demo: nothing to fake — the events demo records the attendance and the listener onboards.
  void load_demo(const Actor& actor);
  long long run_due(long long now);

 private:
  // The organisations whose relais a person manages (everywhere for administrators).
  static ActingFor relais_scope(const Principal& me);

  store::Database& db_;
  audit::Service& audit_;
  bookings::Service& bookings_;
  events::Service& events_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::onboarding
