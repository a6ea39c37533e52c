#include "quality/repository.hpp"

namespace trame::quality {

}  // namespace trame::quality
