#include "cooperation/decisions/service.hpp"

namespace trame::decisions {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::decisions
