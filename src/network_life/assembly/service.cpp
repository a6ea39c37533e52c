#include "network_life/assembly/service.hpp"

namespace trame::assembly {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::assembly
