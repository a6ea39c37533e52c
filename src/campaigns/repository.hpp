// SQL of the campaigns module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "campaigns/model.hpp"

namespace trame::campaigns {

class Repository {
 public:
};

}  // namespace trame::campaigns
