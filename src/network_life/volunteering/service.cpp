#include "network_life/volunteering/service.hpp"

namespace trame::volunteering {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

std::vector<Contact> Service::volunteer_contacts() {
  return {};
}

}  // namespace trame::volunteering
