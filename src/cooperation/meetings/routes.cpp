#include "cooperation/meetings/service.hpp"
#include "platform/web/app.hpp"

namespace trame::meetings {

void register_routes(web::App&, Service&) {}

}  // namespace trame::meetings
