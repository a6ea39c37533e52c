#include "cooperation/methods/service.hpp"
#include "platform/web/app.hpp"

namespace trame::methods {

void register_routes(web::App&, Service&) {}

}  // namespace trame::methods
