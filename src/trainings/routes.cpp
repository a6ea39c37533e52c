#include "trainings/service.hpp"
#include "web/app.hpp"

namespace trame::trainings {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::trainings
