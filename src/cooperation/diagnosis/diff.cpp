#include "cooperation/diagnosis/diff.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "platform/core/text.hpp"

namespace trame::diagnosis {

namespace {

using Kind = DiffPiece::Kind;
using Tokens = std::vector<std::string_view>;

// A longest-common-subsequence table costs one cell per pair of tokens: past this many, a changed
// stretch is shown whole (a section is at most 100,000 characters; this keeps a page under ~16 MB).
constexpr std::size_t kMaxCells = 4'000'000;

// The lines of a text, each with its line break.
Tokens lines_of(std::string_view text) {
  Tokens out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    out.push_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

struct Step {
  Kind kind;
  std::string_view text;
};

// An edit script from a to b: same tokens (of a), removed (of a), added (of b), in reading order;
// in every run of changes the removed tokens come first.
std::vector<Step> script(const Tokens& a, const Tokens& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Step> steps;
  for (std::size_t i = 0; i < pre; ++i) steps.push_back({Kind::same, a[i]});
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i * (m + 1) + j]: the longest common subsequence of a[pre+i..] and b[pre+j..] (middles only).
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i * (m + 1) + j] = a[pre + i] == b[pre + j]
                                   ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                                   : std::max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a[pre + i] == b[pre + j]) {
        steps.push_back({Kind::same, a[pre + i]});
        ++i;
        ++j;
      } else if (lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
        steps.push_back({Kind::removed, a[pre + i++]});
      } else {
        steps.push_back({Kind::added, b[pre + j++]});
      }
    }
    for (; i < n; ++i) steps.push_back({Kind::removed, a[pre + i]});
    for (; j < m; ++j) steps.push_back({Kind::added, b[pre + j]});
  } else {
    for (std::size_t i = 0; i < n; ++i) steps.push_back({Kind::removed, a[pre + i]});
    for (std::size_t j = 0; j < m; ++j) steps.push_back({Kind::added, b[pre + j]});
  }
  for (std::size_t i = a.size() - suf; i < a.size(); ++i) steps.push_back({Kind::same, a[i]});
  // Within each run of changes, removals first (the walk may interleave them).
  for (std::size_t start = 0; start < steps.size();) {
    if (steps[start].kind == Kind::same) {
      ++start;
      continue;
    }
    std::size_t end = start;
    while (end < steps.size() && steps[end].kind != Kind::same) ++end;
    std::stable_partition(steps.begin() + static_cast<std::ptrdiff_t>(start),
                          steps.begin() + static_cast<std::ptrdiff_t>(end),
                          [](const Step& s) { return s.kind == Kind::removed; });
    start = end;
  }
  return steps;
}

// A stretch of the result: kept text, or a change (what was removed, what was added).
struct Stretch {
  bool change = false;
  std::string same, removed, added;
};

void add(std::vector<Stretch>& out, Kind kind, std::string_view text) {
  if (text.empty()) return;
  if (kind == Kind::same) {
    if (out.empty() || out.back().change) out.push_back(Stretch{});
    out.back().same.append(text);
    return;
  }
  if (out.empty() || !out.back().change) out.push_back(Stretch{true, {}, {}, {}});
  (kind == Kind::removed ? out.back().removed : out.back().added).append(text);
}

bool blank_within_line(const std::string& s) {
  return !s.empty() && s.size() <= 3 && s.find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

std::vector<std::string_view> diff_tokens(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  auto line_break = [](char c) { return c == '\n' || c == '\r'; };
  while (i < text.size()) {
    std::size_t start = i;
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      i += 2;
    } else if (line_break(text[i])) {
      ++i;
    } else if (blank(text[i])) {
      while (i < text.size() && blank(text[i])) ++i;
    } else {
      while (i < text.size() && !blank(text[i]) && !line_break(text[i])) ++i;
    }
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::vector<DiffPiece> diff_text(std::string_view before, std::string_view after) {
  std::vector<Stretch> stretches;
  auto by_line = script(lines_of(before), lines_of(after));
  for (std::size_t k = 0; k < by_line.size();) {
    if (by_line[k].kind == Kind::same) {
      add(stretches, Kind::same, by_line[k++].text);
      continue;
    }
    // A run of changed lines: compared word by word when lines were both removed and added.
    std::string removed, added;
    for (; k < by_line.size() && by_line[k].kind != Kind::same; ++k)
      (by_line[k].kind == Kind::removed ? removed : added).append(by_line[k].text);
    if (removed.empty() || added.empty()) {
      add(stretches, Kind::removed, removed);
      add(stretches, Kind::added, added);
      continue;
    }
    for (const auto& step : script(diff_tokens(removed), diff_tokens(added))) add(stretches, step.kind, step.text);
  }
  // A lone space kept between two changes ("<del>un</del> <del>chat</del>") reads better as part of one
  // change: it goes into both sides, which stay exact.
  std::vector<Stretch> merged;
  for (std::size_t k = 0; k < stretches.size(); ++k) {
    auto& s = stretches[k];
    if (!s.change && blank_within_line(s.same) && !merged.empty() && merged.back().change && k + 1 < stretches.size()) {
      auto& prev = merged.back();
      auto& next = stretches[k + 1];
      bool removes = !prev.removed.empty() || !next.removed.empty();
      bool adds = !prev.added.empty() || !next.added.empty();
      if (removes && adds) {
        prev.removed += s.same + next.removed;
        prev.added += s.same + next.added;
        ++k;
        continue;
      }
    }
    if (s.change && !merged.empty() && merged.back().change) {
      merged.back().removed += s.removed;
      merged.back().added += s.added;
      continue;
    }
    merged.push_back(std::move(s));
  }
  std::vector<DiffPiece> out;
  auto push = [&out](Kind kind, std::string text) {
    if (text.empty()) return;
    if (!out.empty() && out.back().kind == kind) {
      out.back().text += text;
      return;
    }
    out.push_back(DiffPiece{kind, std::move(text)});
  };
  for (auto& s : merged) {
    if (!s.change) {
      push(Kind::same, std::move(s.same));
      continue;
    }
    push(Kind::removed, std::move(s.removed));
    push(Kind::added, std::move(s.added));
  }
  return out;
}

std::string diff_html(const std::vector<DiffPiece>& pieces, const DiffLabels& labels) {
  std::string out;
  for (const auto& p : pieces) {
    if (p.kind == Kind::same) {
      out += xml_escape(p.text);
      continue;
    }
    const char* tag = p.kind == Kind::added ? "ins" : "del";
    const std::string& label = p.kind == Kind::added ? labels.added : labels.removed;
    out += "<";
    out += tag;
    out += "><span class=\"visually-hidden\">[" + xml_escape(label) + "] </span>";
    out += xml_escape(p.text);
    out += "<span class=\"visually-hidden\"> [" + xml_escape(labels.end) + "]</span></";
    out += tag;
    out += ">";
  }
  return out;
}

bool diff_empty(const std::vector<DiffPiece>& pieces) {
  return std::all_of(pieces.begin(), pieces.end(), [](const DiffPiece& p) { return p.kind == Kind::same; });
}

}  // namespace trame::diagnosis
