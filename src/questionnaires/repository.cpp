#include "questionnaires/repository.hpp"

namespace trame::questionnaires {

}  // namespace trame::questionnaires
