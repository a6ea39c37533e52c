// SQL of the impact module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "impact/model.hpp"

namespace trame::impact {

class Repository {
 public:
};

}  // namespace trame::impact
