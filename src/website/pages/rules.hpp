// The pages' pure rules, shared by the service and the unit tests (tests/unit/website_pages_test.cpp):
// the slug maker and the line diff of the revisions.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trame::website::pages {

inline constexpr std::size_t kMaxSlug = 80;
inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxDescription = 300;  // characters
inline constexpr std::size_t kMaxText = 200'000;     // bytes

// A slug made of a title: lower-case ASCII letters and digits, French accents and ligatures spelt out
// (é → e, œ → oe), every other run of characters one '-', none at either end, at most kMaxSlug bytes
// (cut at a '-' when one is near). May be empty (a title of symbols only).
std::string slugify(const std::string& title);
// Whether `slug` is one slugify could make: [a-z0-9] runs joined by single '-', 1..kMaxSlug bytes.
bool valid_slug(const std::string& slug);
// Characters (code points) of a UTF-8 text.
std::size_t characters(const std::string& text);

// One line of a line diff: kept in both, removed from the old text, added in the new one.
struct DiffLine {
  enum class Kind { same, removed, added };
  Kind kind = Kind::same;
  std::string text;
};
// The lines of `before` and `after` (split on '\n', a '\r' before it dropped) as a shortest edit
// script: a longest common subsequence (LCS) of lines kept, removals before additions at each change.
// The common prefix and suffix are taken out first, so a small edit of a long page stays cheap; what is
// left beyond kMaxDiffCells (lines × lines) is shown as all removed then all added.
inline constexpr std::size_t kMaxDiffCells = 4'000'000;
std::vector<DiffLine> line_diff(const std::string& before, const std::string& after);

}  // namespace trame::website::pages
