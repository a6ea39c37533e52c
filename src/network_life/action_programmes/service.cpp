#include "network_life/action_programmes/service.hpp"

namespace trame::action_programmes {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::action_programmes
