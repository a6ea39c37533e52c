// What the fuzz targets check the parsers against: slow but obviously correct references, and the one
// way a target reports a finding (abort, which libFuzzer records as a crash).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <string_view>

namespace trame::fuzz {

[[noreturn]] inline void fail() {
  std::abort();
}

// Well-formed UTF-8 (shortest forms, no surrogates, nothing above U+10FFFF); NUL is a character here.
inline bool reference_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0, n = s.size();
  while (i < n) {
    unsigned c = p[i];
    std::size_t len;
    unsigned cp, min;
    if (c <= 0x7F) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    } else return false;
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      unsigned b = p[i + k];
      if (b < 0x80 || b > 0xBF) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Text as the readers of files accept it: well-formed UTF-8 without NUL.
inline bool reference_text(std::string_view s) {
  return s.find('\0') == std::string_view::npos && reference_utf8(s);
}

}  // namespace trame::fuzz
