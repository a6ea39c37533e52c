// SQL of the results module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "results/model.hpp"

namespace trame::results {

class Repository {
 public:
};

}  // namespace trame::results
