#include "enrolments/service.hpp"
#include "web/app.hpp"

namespace trame::enrolments {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::enrolments
