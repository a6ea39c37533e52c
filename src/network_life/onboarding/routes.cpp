#include "network_life/onboarding/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::onboarding {

void register_routes(web::App&, Service&) {}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::onboarding
