#include "quality/service.hpp"

namespace trame::quality {

long long Service::run_due(long long /*now*/) { return 0; }

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::quality
