// SQL of the answers module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "answers/model.hpp"

namespace trame::answers {

class Repository {
 public:
};

}  // namespace trame::answers
