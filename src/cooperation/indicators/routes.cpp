#include "cooperation/indicators/service.hpp"
#include "platform/web/app.hpp"

namespace trame::indicators {

void register_routes(web::App&, Service&) {}

}  // namespace trame::indicators
