#include "cooperation/diagnosis/service.hpp"
#include "platform/web/app.hpp"

namespace trame::diagnosis {

void register_routes(web::App&, Service&) {}

}  // namespace trame::diagnosis
