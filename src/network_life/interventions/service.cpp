#include "network_life/interventions/service.hpp"

namespace trame::interventions {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::interventions
