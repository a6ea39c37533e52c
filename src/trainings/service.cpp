#include "trainings/service.hpp"

namespace trame::trainings {

long long Service::run_due(long long /*now*/) { return 0; }

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::trainings
