// The home blocks' input rules, pure (no database): which kinds exist, and what a block's form may hold.
#pragma once
#include <cstddef>
#include <string>

#include "platform/core/outcome.hpp"
#include "website/home/model.hpp"

namespace trame::website::home {

bool known_kind(const std::string& kind);
// Characters (UTF-8 code points), not bytes: the limits are the ones the form announces.
std::size_t characters(const std::string& s);
std::string trimmed(const std::string& s);
// A heading of at most 120 characters on one line, the presentation's text of at most 4000 characters
// (other kinds have none), an entries count from 1 to 12 or empty (unchanged). Unknown kind: not found.
Outcome check_block(const std::string& kind, const BlockInput& in);

}  // namespace trame::website::home
