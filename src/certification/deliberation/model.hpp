// Deliberation: block by block, once every eligible grid of a candidate is in, the jury records a
// decision per block with its reasons (partial validation: a validated block stays acquired for the
// certification's validity, the candidate comes back for the others). Then the minutes (procès-verbal)
// are made as a PDF; each jury member confirms them with their own account; once all have, the
// minutes are locked with their SHA-256 and the session is closed.
#pragma once
#include <string>
#include <vector>

#include "certification/juries/model.hpp"

namespace trame::deliberation {

struct Decision {
  long long entry_id = 0;
  long long block_id = 0;
  bool validated = false;
  std::string reasons;
  long long decided_at = 0;
  std::string decided_by_name;
};

// A block acquired in an earlier session by the same registration (not decided again).
using Acquired = juries::AcquiredBlock;

struct Confirmation {
  long long user_id = 0;
  std::string name;
  long long confirmed_at = 0;
};

struct Minutes {
  long long session_id = 0;
  std::string sha256;
  long long made_at = 0;
  long long locked_at = 0;
  std::vector<Confirmation> confirmations;
};

// What one block's decision form sends.
struct BlockDecision {
  long long block_id = 0;
  std::string validated;  // "1" or "0"
  std::string reasons;
};

}  // namespace trame::deliberation
