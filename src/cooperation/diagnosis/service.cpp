#include "cooperation/diagnosis/service.hpp"

namespace trame::diagnosis {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::diagnosis
