#include "results/service.hpp"

namespace trame::results {

long long Service::run_due(long long /*now*/) { return 0; }

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::results
