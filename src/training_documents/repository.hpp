// SQL of the training_documents module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "training_documents/model.hpp"

namespace trame::training_documents {

class Repository {
 public:
};

}  // namespace trame::training_documents
