#include "impact/service.hpp"
#include "web/app.hpp"

namespace trame::impact {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::impact
