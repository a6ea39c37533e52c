#include "questionnaires/service.hpp"
#include "web/app.hpp"

namespace trame::questionnaires {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::questionnaires
