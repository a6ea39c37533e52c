#include "answers/service.hpp"
#include "web/app.hpp"

namespace trame::answers {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::answers
