#include "training_documents/service.hpp"
#include "web/app.hpp"

namespace trame::training_documents {

void register_routes(web::App& /*app*/, Service& /*service*/) {}

}  // namespace trame::training_documents
