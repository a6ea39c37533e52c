#include "network_life/events/service.hpp"

namespace trame::events {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::events
