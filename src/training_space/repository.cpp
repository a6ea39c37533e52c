#include "training_space/repository.hpp"

namespace trame::training_space {

}  // namespace trame::training_space
