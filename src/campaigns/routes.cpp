#include "campaigns/service.hpp"
#include "web/app.hpp"

namespace trame::campaigns {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::campaigns
