#include "cooperation/contributions/service.hpp"

namespace trame::contributions {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::contributions
