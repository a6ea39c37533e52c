#include "cooperation/decisions/service.hpp"
#include "platform/web/app.hpp"

namespace trame::decisions {

void register_routes(web::App&, Service&) {}

}  // namespace trame::decisions
