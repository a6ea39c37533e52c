#include "network_life/volunteering/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::volunteering {

void register_routes(web::App&, Service&) {}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::volunteering
