#include "results/repository.hpp"

namespace trame::results {

}  // namespace trame::results
