// Markdown (descriptions, pages) to HTML with cmark-gfm in safe mode: raw HTML and dangerous
// link schemes (javascript:, data: …) are dropped, so the result may be inserted as is.
#pragma once
#include <string>

namespace trame::docs {

std::string markdown_to_html(const std::string& markdown);

}  // namespace trame::docs
