#include "cooperation/meetings/minutes.hpp"

#include <cctype>

namespace trame::meetings {

namespace {

std::string trim_copy(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string plain_inline(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size() && std::ispunct(static_cast<unsigned char>(line[i + 1]))) {
      out += line[++i];
      continue;
    }
    if (c == '[') {
      // [text](url) → text (url)
      std::size_t close = line.find(']', i + 1);
      if (close != std::string::npos && close + 1 < line.size() && line[close + 1] == '(') {
        std::size_t end = line.find(')', close + 2);
        if (end != std::string::npos) {
          std::string text = plain_inline(line.substr(i + 1, close - i - 1));
          std::string url = line.substr(close + 2, end - close - 2);
          out += text;
          if (!url.empty() && url != text) out += " (" + url + ")";
          i = end;
          continue;
        }
      }
    }
    if (c == '<') {
      std::size_t end = line.find('>', i + 1);
      if (end != std::string::npos) {
        std::string inner = line.substr(i + 1, end - i - 1);
        if (inner.rfind("http://", 0) == 0 || inner.rfind("https://", 0) == 0 || inner.rfind("mailto:", 0) == 0) {
          out += inner;
          i = end;
          continue;
        }
      }
    }
    if (c == '*' || c == '`' || c == '~') continue;
    // '_' marks emphasis at a word's edge only (snake_case stays).
    if (c == '_') {
      bool before = i > 0 && std::isalnum(static_cast<unsigned char>(line[i - 1]));
      bool after = i + 1 < line.size() && std::isalnum(static_cast<unsigned char>(line[i + 1]));
      if (!(before && after)) continue;
    }
    out += c;
  }
  return out;
}

std::vector<MinutesBlock> minutes_blocks(const std::string& markdown) {
  std::vector<MinutesBlock> out;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) out.push_back({false, paragraph});
    paragraph.clear();
  };
  std::size_t start = 0;
  while (start <= markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string line = trim_copy(markdown.substr(start, end - start));
    start = end + 1;
    // A blank line or a thematic break ends the paragraph.
    if (line.empty() || line == "---" || line == "***" || line == "___") {
      flush();
    } else if (line[0] == '#') {
      flush();
      std::size_t level = line.find_first_not_of('#');
      if (level != std::string::npos && level <= 6 && line[level] == ' ') {
        std::string text = trim_copy(line.substr(level));
        while (!text.empty() && text.back() == '#') text.pop_back();
        out.push_back({true, plain_inline(trim_copy(text))});
      } else {
        paragraph = plain_inline(line);
      }
    } else if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line.size() > 1 && line[1] == ' ') {
      flush();
      std::string text = trim_copy(line.substr(2));
      // A task list item: "- [ ] x" / "- [x] x".
      if (text.rfind("[ ] ", 0) == 0) text = "☐ " + text.substr(4);
      else if (text.rfind("[x] ", 0) == 0 || text.rfind("[X] ", 0) == 0) text = "☑ " + text.substr(4);
      out.push_back({false, "• " + plain_inline(text)});
    } else if (std::isdigit(static_cast<unsigned char>(line[0])) && line.find(". ") != std::string::npos &&
               line.find_first_not_of("0123456789") == line.find(". ")) {
      flush();
      out.push_back({false, plain_inline(line)});
    } else {
      if (line[0] == '>') line = trim_copy(line.substr(1));
      paragraph += (paragraph.empty() ? "" : " ") + plain_inline(line);
    }
    if (end == markdown.size()) break;
  }
  flush();
  return out;
}

}  // namespace trame::meetings
