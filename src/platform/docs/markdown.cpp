#include "platform/docs/markdown.hpp"

#include <cmark-gfm.h>

#include <cstdlib>

namespace trame::docs {

std::string markdown_to_html(const std::string& markdown) {
  char* html = cmark_markdown_to_html(markdown.c_str(), markdown.size(), CMARK_OPT_SAFE | CMARK_OPT_NOBREAKS);
  if (!html) return {};
  std::string out(html);
  std::free(html);
  return out;
}

}  // namespace trame::docs
