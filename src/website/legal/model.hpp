// The legal and trust pages (docs/website.md, « Legal pages »): mentions légales, the privacy notices per
// audience, the RGAA accessibility statement and the multi-year accessibility plan. Their texts are
// settings (`website.legal.<page>.<field>`), shipped by migration 0066 as honest templates whose blanks
// read « à compléter »; the administration page lists every field still holding that marker.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace trame::website::legal {

// markdown: a long text (cmark-gfm, safe mode); line: one line of text; status: the RGAA conformity
// status (non, partiel, total); percent: a rate 0–100, one decimal at most; date: YYYY-MM-DD.
enum class FieldKind { markdown, line, status, percent, date };

struct FieldSpec {
  const char* key;
  FieldKind kind;
  bool required;  // empty counts as missing on the administration page
};

struct PageSpec {
  const char* key;   // settings prefix and catalogue key: "mentions", "privacy", "accessibility", "plan"
  const char* slug;  // the administration form's path segment: /admin/site/mentions/<slug>
  const char* path;  // the public page
  std::vector<FieldSpec> fields;
};

inline constexpr std::size_t kMarkdownMax = 20000;
inline constexpr std::size_t kLineMax = 200;
// What the shipped templates write where the instance's own value is needed.
inline constexpr std::string_view kMissingMarker = "à compléter";
inline constexpr const char* kStatuses[] = {"non", "partiel", "total"};

// The four pages, in the footer's order.
const std::vector<PageSpec>& pages();
const PageSpec* page_by_key(std::string_view key);
const PageSpec* page_by_slug(std::string_view slug);

// A page's values by field key (absent settings as "").
using Values = std::map<std::string, std::string>;

struct MissingField {
  const PageSpec* page;
  std::string field;
  bool empty;  // true: empty; false: still holds « à compléter »
};

}  // namespace trame::website::legal
