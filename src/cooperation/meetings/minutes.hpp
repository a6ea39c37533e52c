// The minutes' markdown as plain blocks for the report's PDF (the page renders it with cmark-gfm in
// safe mode): headings, paragraphs, list items ("• " or "1. "), with the inline marks (emphasis, code,
// links) reduced to their text ("text (address)" for a link).
#pragma once
#include <string>
#include <vector>

namespace trame::meetings {

struct MinutesBlock {
  bool heading = false;
  std::string text;
};

std::vector<MinutesBlock> minutes_blocks(const std::string& markdown);
// One line's inline marks removed: **bold**, *em*, _em_, `code`, [text](url) → text (url), <url> → url.
std::string plain_inline(const std::string& line);

}  // namespace trame::meetings
