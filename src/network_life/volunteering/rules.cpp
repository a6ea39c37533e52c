#include <cctype>

#include "network_life/volunteering/model.hpp"

namespace trame::volunteering {

long long parse_quarters(const std::string& raw) {
  std::string text;
  for (char c : raw)
    if (!std::isspace(static_cast<unsigned char>(c))) text += c;
  if (text.empty() || text.size() > 8) return -1;
  long long whole = 0, minutes = 0;
  std::size_t sep = text.find_first_of(".,:hH");
  std::string left = text.substr(0, sep);
  std::string right = sep == std::string::npos ? "" : text.substr(sep + 1);
  if (left.empty() || left.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (!right.empty() && right.find_first_not_of("0123456789") != std::string::npos) return -1;
  whole = std::stoll(left);
  if (sep != std::string::npos) {
    char s = text[sep];
    if (s == ':' || s == 'h' || s == 'H') {
      if (right.empty()) {
        if (s == ':') return -1;
        minutes = 0;
      } else {
        if (right.size() != 2) return -1;
        minutes = std::stoll(right);
        if (minutes >= 60) return -1;
      }
    } else {
      if (right.empty()) return -1;
      // Decimal hours: .25 .5 .75 (and .0, .00, .50…).
      std::string digits = right;
      while (digits.size() < 2) digits += '0';
      if (digits.size() > 2) {
        if (digits.find_first_not_of('0', 2) != std::string::npos) return -1;
        digits = digits.substr(0, 2);
      }
      minutes = std::stoll(digits) * 60 / 100;
      if (std::stoll(digits) * 60 % 100 != 0) return -1;
    }
  }
  if (minutes % 15 != 0) return -1;
  long long quarters = whole * 4 + minutes / 15;
  if (quarters <= 0 || quarters > 96) return -1;
  return quarters;
}

std::string format_quarters(long long quarters) {
  long long h = quarters / 4, m = (quarters % 4) * 15;
  std::string out = std::to_string(h) + " h";
  if (m) out += " " + std::to_string(m);
  return out;
}

bool parse_slot(const std::string& text, Slot& slot) {
  if (text.size() != 3 || text[0] < '1' || text[0] > '7') return false;
  std::string half = text.substr(1);
  if (half != "am" && half != "pm") return false;
  slot.weekday = text[0] - '0';
  slot.half = half;
  return true;
}

}  // namespace trame::volunteering
