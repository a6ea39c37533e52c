#include "network_life/members/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::members {

void register_routes(web::App&, Service&) {}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::members
