// SQL of the questionnaires module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/model.hpp"

namespace trame::questionnaires {

class Repository {
 public:
};

}  // namespace trame::questionnaires
