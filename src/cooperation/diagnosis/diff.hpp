// The difference between two versions of a diagnosis section, as people read it: lines first (a
// line kept as it was stays whole), then words inside the lines that changed, so that a corrected
// word shows as that word removed and its replacement added, not as the whole paragraph. Pure: no
// database, no catalogue; the page passes the labels a screen reader announces.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::diagnosis {

struct DiffPiece {
  enum class Kind { same, removed, added };
  Kind kind = Kind::same;
  std::string text;

  bool operator==(const DiffPiece&) const = default;
};

// What changed from `before` to `after`. Concatenating the same and removed pieces gives `before`,
// the same and added pieces give `after`; neighbouring pieces never share a kind, and within a
// change the removed text comes before the added one. Beyond a size where a word-by-word comparison
// would cost too much, a changed stretch is shown as removed then added whole (still exact).
std::vector<DiffPiece> diff_text(std::string_view before, std::string_view after);

// The words `before` and `after` tokenise into: runs of non-blank bytes, runs of spaces and tabs,
// and each line break on its own ("\r\n" counts as one). UTF-8 characters are never split.
std::vector<std::string_view> diff_tokens(std::string_view text);

struct DiffLabels {
  std::string added;    // "ajouté", read before an insertion
  std::string removed;  // "retiré", read before a deletion
  std::string end;      // "fin", read after either, so that the change's end is heard
};

// HTML of the pieces for a block shown with white-space: pre-wrap: the text escaped, insertions in
// <ins>, deletions in <del>, each opened and closed by a visually hidden label (assistive
// technologies announce neither element by default).
std::string diff_html(const std::vector<DiffPiece>& pieces, const DiffLabels& labels);

// Whether nothing changed (no removed or added piece).
bool diff_empty(const std::vector<DiffPiece>& pieces);

}  // namespace trame::diagnosis
