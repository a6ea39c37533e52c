#include "network_life/newsletters/service.hpp"

namespace trame::newsletters {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::newsletters
