#include "answers/repository.hpp"

namespace trame::answers {

}  // namespace trame::answers
