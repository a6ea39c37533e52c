// Generated documents of a training: convocation, certificate of completion, completion attestation, individual hours statement; stored with their hash and sending date.
// Plain data of the training_documents module.
#pragma once
#include <string>
#include <vector>

namespace trame::training_documents {

}  // namespace trame::training_documents
