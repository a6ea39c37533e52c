// SQL of the trainings module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/model.hpp"

namespace trame::trainings {

class Repository {
 public:
};

}  // namespace trame::trainings
