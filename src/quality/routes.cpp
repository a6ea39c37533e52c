#include "quality/service.hpp"
#include "web/app.hpp"

namespace trame::quality {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::quality
