#include "network_life/support_requests/service.hpp"

namespace trame::support_requests {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::support_requests
