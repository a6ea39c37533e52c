#include "impact/service.hpp"

namespace trame::impact {

long long Service::run_due(long long /*now*/) { return 0; }

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::impact
