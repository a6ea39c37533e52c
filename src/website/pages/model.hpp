// The public site's pages (docs/website.md, « Pages »): a tree of markdown pages, each with a cover
// picture kept at a few widths and the revisions its saves replaced.
#pragma once
#include <string>
#include <vector>

#include "website/quotes/model.hpp"

namespace trame::website::pages {

struct Page {
  long long id = 0;
  std::string slug, title, description, text;
  long long position = 0;
  long long parent_id = 0;  // 0: a top page (the menu)
  bool published = false;
  bool show_quotes = false;
  std::string source;  // the imported file's name, '' when typed
  std::string cover_name, cover_sha256;
  long long cover_width = 0, cover_height = 0;
  long long created_at = 0, created_by = 0, updated_at = 0, updated_by = 0;
  std::string updated_by_name;
  long long depth = 0;  // in the admin list's tree, computed
  bool has_cover() const { return !cover_sha256.empty(); }
};

// One rendition of a cover.
struct Cover {
  long long width = 0, height = 0;
  std::string content_type, bytes, sha256;
};

struct Revision {
  long long id = 0, page_id = 0;
  std::string title, description, text;
  bool published = false;
  long long author_id = 0;
  std::string author_name;
  long long at = 0;
};

// The page's form, as typed.
struct PageInput {
  std::string title, slug, description, parent, position, text;
  bool published = false, show_quotes = false;
};

// A link of the site's menu or of a breadcrumb.
struct Link {
  std::string url, label;
};

// A quote shown on a page with show_quotes: the quotes module's (a source set at wiring).
using QuoteView = quotes::QuoteView;

}  // namespace trame::website::pages
