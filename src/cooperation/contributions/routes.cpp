#include "cooperation/contributions/service.hpp"
#include "platform/web/app.hpp"

namespace trame::contributions {

void register_routes(web::App&, Service&) {}

}  // namespace trame::contributions
