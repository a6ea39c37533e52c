#include "platform/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace trame {

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

namespace {
// Two-byte UTF-8 sequences (Latin-1 supplement and Latin Extended-A) folded to ASCII.
const std::unordered_map<std::string, std::string>& foldings() {
  static const std::unordered_map<std::string, std::string> table = {
      {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"}, {"ã", "a"},  {"å", "a"},  {"À", "a"},  {"Â", "a"},
      {"Ä", "a"}, {"Á", "a"}, {"ç", "c"}, {"Ç", "c"}, {"é", "e"},  {"è", "e"},  {"ê", "e"},  {"ë", "e"},
      {"É", "e"}, {"È", "e"}, {"Ê", "e"}, {"Ë", "e"}, {"î", "i"},  {"ï", "i"},  {"í", "i"},  {"ì", "i"},
      {"Î", "i"}, {"Ï", "i"}, {"ô", "o"}, {"ö", "o"}, {"ó", "o"},  {"ò", "o"},  {"õ", "o"},  {"Ô", "o"},
      {"Ö", "o"}, {"Ó", "o"}, {"û", "u"}, {"ü", "u"}, {"ú", "u"},  {"ù", "u"},  {"Û", "u"},  {"Ü", "u"},
      {"Ù", "u"}, {"ÿ", "y"}, {"ñ", "n"}, {"Ñ", "n"}, {"œ", "oe"}, {"Œ", "oe"}, {"æ", "ae"}, {"Æ", "ae"},
  };
  return table;
}
}  // namespace

std::string fold_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
      else space();
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    std::string seq(text.substr(i, len));
    auto it = foldings().find(seq);
    if (it != foldings().end()) out += it->second;
    else if (seq == "\u2019" || seq == "\u00a0" || seq == "\u202f" || seq == "\u2013" || seq == "\u2014" ||
             seq == "\u00ab" || seq == "\u00bb")
      space();
    else out += seq;
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string trim(std::string_view text) {
  auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(b, e - b + 1));
}

bool plausible_email(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@') || email.size() > 254) return false;
  auto dot = email.find('.', at);
  if (dot == std::string_view::npos || dot == at + 1 || dot == email.size() - 1) return false;
  for (unsigned char c : email)
    if (c <= ' ' || c == '<' || c == '>' || c == '"') return false;
  return true;
}

bool plausible_web_address(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return false;
  if (url.find("://") + 3 >= url.size()) return false;
  return std::none_of(url.begin(), url.end(),
                      [](unsigned char c) { return c <= ' ' || c == '"' || c == '<' || c == '>' || c == 0x7f; });
}

bool valid_siret(std::string_view siret) {
  if (siret.size() != 14) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 14; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(siret[i]))) return false;
    int d = siret[i] - '0';
    if (i % 2 == 0) {  // from the left, every other digit starting with the first is doubled
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

bool is_one_of(std::string_view value, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed)
    if (a == value) return true;
  return false;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out += c;
    }
  }
  return out;
}

}  // namespace trame
