// SQL of the training_space module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "training_space/model.hpp"

namespace trame::training_space {

class Repository {
 public:
};

}  // namespace trame::training_space
