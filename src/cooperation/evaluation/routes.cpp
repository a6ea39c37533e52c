#include "cooperation/evaluation/service.hpp"
#include "platform/web/app.hpp"

namespace trame::evaluation {

void register_routes(web::App&, Service&) {}

}  // namespace trame::evaluation
