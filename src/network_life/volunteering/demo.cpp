#include "network_life/volunteering/service.hpp"

namespace trame::volunteering {

void Service::load_demo(const Actor&) {}

}  // namespace trame::volunteering
