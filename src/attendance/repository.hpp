// SQL of the attendance module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "attendance/model.hpp"

namespace trame::attendance {

class Repository {
 public:
};

}  // namespace trame::attendance
