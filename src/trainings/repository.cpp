#include "trainings/repository.hpp"

namespace trame::trainings {

}  // namespace trame::trainings
