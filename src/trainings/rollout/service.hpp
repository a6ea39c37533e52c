// Rolling out across the délégations: per délégation and year, the sessions held, planned or missing,
// and the trainees reached by sector.
// Who: people with trainings.manage; each sees the sessions of the organisers they manage (an
// administrator: every organiser). The Département's coordinators thus see the Département's own
// training across its six délégations (docs/trainings/rollout.md).
#pragma once
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/core/permissions.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/rollout/model.hpp"
#include "trainings/rollout/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::rollout {

class Service {
 public:
  // The rollout only reads: the audit, mail service and catalogue of the modules' common constructor are
  // not kept.
  Service(store::Database& db, audit::Service& /*audit*/, mail::Service& /*mail*/, const web::Catalogue& /*catalogue*/,
          std::string public_url)
      : db_(db), public_url_(std::move(public_url)) {}

  // A page of délégations for the year (Europe/Paris), with their sessions and trainees in `scope`.
  std::vector<DelegationYear> year(const ActingFor& scope, int year, long long page, long long per_page,
                                   long long& total);
  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

 private:
  store::Database& db_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::rollout
