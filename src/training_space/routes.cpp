#include "training_space/service.hpp"
#include "web/app.hpp"

namespace trame::training_space {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::training_space
