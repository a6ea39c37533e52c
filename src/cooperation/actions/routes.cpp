#include "cooperation/actions/service.hpp"
#include "platform/web/app.hpp"

namespace trame::actions {

void register_routes(web::App&, Service&) {}

}  // namespace trame::actions
