#include "enrolments/repository.hpp"

namespace trame::enrolments {

}  // namespace trame::enrolments
