#include "cooperation/projects/service.hpp"

namespace trame::projects {

void Service::load_demo(const Actor&) {}

}  // namespace trame::projects
