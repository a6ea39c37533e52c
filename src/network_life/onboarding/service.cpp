#include "network_life/onboarding/service.hpp"

namespace trame::onboarding {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::onboarding
