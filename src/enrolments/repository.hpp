// SQL of the enrolments module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "enrolments/model.hpp"

namespace trame::enrolments {

class Repository {
 public:
};

}  // namespace trame::enrolments
