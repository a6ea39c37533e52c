#include "attendance/service.hpp"
#include "web/app.hpp"

namespace trame::attendance {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::attendance
