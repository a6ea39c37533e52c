#include "campaigns/repository.hpp"

namespace trame::campaigns {

}  // namespace trame::campaigns
