#include "cooperation/meetings/service.hpp"

namespace trame::meetings {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::meetings
