#include "impact/repository.hpp"

namespace trame::impact {

}  // namespace trame::impact
