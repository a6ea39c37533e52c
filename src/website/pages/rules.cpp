#include "website/pages/rules.hpp"

#include <algorithm>
#include <string_view>

namespace trame::website::pages {

namespace {

// The code point at `i` of valid or invalid UTF-8 (an invalid byte is itself, as U+FFFD), and its length.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  if (b < 0x80) {
    len = 1;
    return b;
  }
  if ((b & 0xE0) == 0xC0 && cont(1)) {
    len = 2;
    return (static_cast<char32_t>(b & 0x1F) << 6) | byte(1);
  }
  if ((b & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    len = 3;
    return (static_cast<char32_t>(b & 0x0F) << 12) | (byte(1) << 6) | byte(2);
  }
  if ((b & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    len = 4;
    return (static_cast<char32_t>(b & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
  }
  len = 1;
  return 0xFFFD;
}

// The ASCII spelling of a Latin letter with a diacritic or a ligature (lower-cased), '' for anything else.
std::string_view ascii_of(char32_t c) {
  struct Spelling {
    std::u32string_view letters;
    std::string_view ascii;
  };
  static constexpr Spelling kSpellings[] = {
      {U"àáâãäåÀÁÂÃÄÅ", "a"}, {U"æÆ", "ae"},  {U"çÇ", "c"},  {U"èéêëÈÉÊË", "e"},
      {U"ìíîïÌÍÎÏ", "i"},     {U"ñÑ", "n"},   {U"œŒ", "oe"}, {U"òóôõöøÒÓÔÕÖØ", "o"},
      {U"ùúûüÙÚÛÜ", "u"},     {U"ýÿÝŸ", "y"}, {U"ß", "ss"},
  };
  for (const auto& s : kSpellings)
    if (s.letters.find(c) != std::u32string_view::npos) return s.ascii;
  return {};
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  // A text that ends with a newline has no empty last line.
  if (!text.empty() && text.back() == '\n' && !out.empty() && out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

std::string slugify(const std::string& title) {
  std::string out;
  bool dash = false;
  for (std::size_t i = 0; i < title.size();) {
    std::size_t len = 1;
    char32_t c = decode(title, i, len);
    i += len;
    std::string_view piece;
    char ascii[2] = {0, 0};
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) {
      ascii[0] = static_cast<char>(c);
      piece = std::string_view(ascii, 1);
    } else if (c >= U'A' && c <= U'Z') {
      ascii[0] = static_cast<char>(c - U'A' + U'a');
      piece = std::string_view(ascii, 1);
    } else {
      piece = ascii_of(c);
    }
    if (piece.empty()) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += piece;
  }
  if (out.size() > kMaxSlug) {
    out.resize(kMaxSlug);
    auto cut = out.rfind('-');
    if (cut != std::string::npos && cut >= kMaxSlug / 2) out.resize(cut);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out;
}

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > kMaxSlug || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    decode(text, i, len);
    i += len;
    ++n;
  }
  return n;
}

std::vector<DiffLine> line_diff(const std::string& before, const std::string& after) {
  auto a = lines_of(before);
  auto b = lines_of(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<DiffLine> out;
  auto push = [&out](DiffLine::Kind kind, std::string_view text) { out.push_back({kind, std::string(text)}); };
  for (std::size_t i = 0; i < prefix; ++i) push(DiffLine::Kind::same, a[i]);
  std::size_t n = a.size() - prefix - suffix;
  std::size_t m = b.size() - prefix - suffix;
  if (n * m > kMaxDiffCells) {
    for (std::size_t i = 0; i < n; ++i) push(DiffLine::Kind::removed, a[prefix + i]);
    for (std::size_t j = 0; j < m; ++j) push(DiffLine::Kind::added, b[prefix + j]);
  } else {
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
    std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        push(DiffLine::Kind::same, a[prefix + i]);
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        push(DiffLine::Kind::removed, a[prefix + i]);
        ++i;
      } else {
        push(DiffLine::Kind::added, b[prefix + j]);
        ++j;
      }
    }
  }
  for (std::size_t k = b.size() - suffix; k < b.size(); ++k) push(DiffLine::Kind::same, b[k]);
  return out;
}

}  // namespace trame::website::pages
