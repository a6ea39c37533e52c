#include "platform/http/location.hpp"

namespace trame::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_escape_at(std::string_view s, std::size_t i) {
  return s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0;
}

// Characters a URI may hold as they are (RFC 3986 unreserved and reserved characters).
bool is_uri_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=': return true;
    default: return false;
  }
}

// True when the text, decoded as many times as it changes, holds what a redirect may not: a control
// character anywhere; whitespace or a backslash in the path; a second leading '/' or '\'. Judging
// every decoding round means a double-encoded "%2509" counts as the tab it may become.
bool has_forbidden(std::string_view target) {
  std::string current(target);
  for (int round = 0; round < 4; ++round) {
    auto query = current.find_first_of("?#");
    for (std::size_t i = 0; i < current.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(current[i]);
      if (c < 0x20 || c == 0x7f) return true;
      bool in_path = query == std::string::npos || i < query;
      if (in_path && (c == ' ' || c == '\\')) return true;
    }
    if (current.empty() || current[0] != '/') return true;
    if (current.size() > 1 && (current[1] == '/' || current[1] == '\\')) return true;
    std::string decoded = percent_decode(current);
    if (decoded == current) break;
    current = std::move(decoded);
  }
  return false;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_escape_at(s, i)) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string same_site_location(std::string_view target, std::string_view fallback) {
  if (target.size() > 4096 || has_forbidden(target))
    return target == fallback ? std::string("/") : same_site_location(fallback, "/");
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(target[i]);
    if (is_escape_at(target, i) || (c != '%' && is_uri_char(c))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace trame::http
