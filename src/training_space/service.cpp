#include "training_space/service.hpp"

namespace trame::training_space {

long long Service::run_due(long long /*now*/) { return 0; }

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::training_space
