#include "attendance/repository.hpp"

namespace trame::attendance {

}  // namespace trame::attendance
