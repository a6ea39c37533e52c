#include "training_documents/repository.hpp"

namespace trame::training_documents {

}  // namespace trame::training_documents
