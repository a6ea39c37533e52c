#include "network_life/newsletters/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::newsletters {

void register_routes(web::App&, Service&) {}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::newsletters
