// Search engines (docs/website.md, « Search engines »): robots.txt, the sitemap's sources of the domains
// that have public pages (published training programmes and their sessions, published certifications and
// their results), and the page metadata the layout writes (platform/web PageMeta).
#pragma once
#include <string>
#include <vector>

namespace trame::website::seo {

// A public object: its id and its last change (unix seconds).
struct Published {
  long long id = 0;
  long long updated_at = 0;
};

// robots.txt's lines for a router: the areas to keep out of search engines.
struct RobotsRules {
  // Path prefixes ('*' for a path segment; "P/" and "P$" for an area whose name starts a public path's).
  std::vector<std::string> disallow;
};

}  // namespace trame::website::seo
