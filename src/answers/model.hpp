// Answering a questionnaire: one page per section, conditions, drafts, validation, tokens used once, anonymity.
// Plain data of the answers module.
#pragma once
#include <string>
#include <vector>

namespace trame::answers {

}  // namespace trame::answers
