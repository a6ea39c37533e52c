// SQL of the quality module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "quality/model.hpp"

namespace trame::quality {

class Repository {
 public:
};

}  // namespace trame::quality
