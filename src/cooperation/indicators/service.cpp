#include "cooperation/indicators/service.hpp"

namespace trame::indicators {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::indicators
