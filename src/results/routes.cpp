#include "results/service.hpp"
#include "web/app.hpp"

namespace trame::results {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::results
