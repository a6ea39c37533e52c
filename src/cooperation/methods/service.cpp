#include "cooperation/methods/service.hpp"

namespace trame::methods {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::methods
