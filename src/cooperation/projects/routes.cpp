#include "cooperation/projects/service.hpp"
#include "platform/web/app.hpp"

namespace trame::projects {

void register_routes(web::App&, Service&) {}

}  // namespace trame::projects
