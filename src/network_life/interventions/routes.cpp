#include "network_life/interventions/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::interventions {

void register_routes(web::App&, Service&) {}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::interventions
