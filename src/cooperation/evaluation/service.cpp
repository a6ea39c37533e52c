#include "cooperation/evaluation/service.hpp"

namespace trame::evaluation {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::evaluation
