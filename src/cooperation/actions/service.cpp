#include "cooperation/actions/service.hpp"

namespace trame::actions {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::actions
