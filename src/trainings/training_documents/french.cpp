#include "trainings/training_documents/french.hpp"

#include <array>
#include <cstdio>

#include "platform/core/calendar.hpp"

namespace trame::training_documents {

namespace {
const std::string kNbsp = "\u00A0";
const std::array<const char*, 12> kMonths = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                             "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

bool ends_with_space(const std::string& out) {
  return !out.empty() && out.back() == ' ';
}
bool ends_with_nbsp(const std::string& out) {
  return out.size() >= 2 && out.compare(out.size() - 2, 2, kNbsp) == 0;
}
}  // namespace

std::string french_typography(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool high = c == ':' || c == ';' || c == '!' || c == '?';
    bool closing = text.compare(i, 2, "»") == 0;
    if (c == ':' && text.compare(i, 3, "://") == 0) high = false;
    if ((high || closing) && !out.empty() && out.back() != '\n') {
      while (ends_with_space(out)) out.pop_back();
      if (!ends_with_nbsp(out) && !(high && i > 0 && (text[i - 1] == ':' || text[i - 1] == '!' || text[i - 1] == '?')))
        out += kNbsp;
    }
    if (closing) {
      out += "»";
      ++i;
      continue;
    }
    if (text.compare(i, 2, "«") == 0) {
      out += "«" + kNbsp;
      ++i;
      while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
      continue;
    }
    out += c;
  }
  return out;
}

std::string french_day(const std::string& ymd) {
  auto date = parse_date(ymd);
  if (!date) return ymd;
  std::string day = date->day == 1 ? "1er" : std::to_string(date->day);
  return day + kNbsp + kMonths[static_cast<std::size_t>(date->month - 1)] + kNbsp + std::to_string(date->year);
}

std::string french_date(long long unix_seconds) {
  return french_day(local_day(unix_seconds));
}

std::string french_hours(long long minutes) {
  if (minutes < 0) minutes = 0;
  std::string out = std::to_string(minutes / 60) + kNbsp + "h";
  long long rest = minutes % 60;
  if (rest != 0) out += kNbsp + (rest < 10 ? "0" : "") + std::to_string(rest);
  return out;
}

std::string french_clock(long long unix_seconds) {
  std::string hm = format_local(unix_seconds, "%H:%M");
  if (hm.size() != 5) return hm;
  int h = std::stoi(hm.substr(0, 2));
  return std::to_string(h) + kNbsp + "h" + kNbsp + hm.substr(3, 2);
}

}  // namespace trame::training_documents
