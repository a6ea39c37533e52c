#include "trainings/enrolments/rules.hpp"

#include <algorithm>
#include <cstdio>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::enrolments {

namespace {

constexpr long long kDay = 86400;

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm) and back.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
void civil_from_days(long long z, int& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<long long>(yoe) + era * 400 + (m <= 2));
}
// The Paris day of a unix time, as days since the epoch.
long long local_days(long long t) {
  const Date d = local_date(t);
  return days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
}
long long easter_days(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return days_from_civil(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

}  // namespace

bool french_public_holiday(int year, int month, int day) {
  static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (const auto& f : fixed)
    if (f[0] == month && f[1] == day) return true;
  const long long z = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const long long easter = easter_days(year);
  return z == easter + 1 || z == easter + 39 || z == easter + 50;
}

long long working_days_between(long long from, long long to) {
  long long first = local_days(from) + 1, last = local_days(to) - 1, n = 0;
  for (long long z = first; z <= last; ++z) {
    const long long weekday = z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6;  // 0: Sunday
    if (weekday == 0 || weekday == 6) continue;
    int y = 0, m = 0, d = 0;
    civil_from_days(z, y, m, d);
    if (!french_public_holiday(y, m, d)) ++n;
  }
  return n;
}

int access_delay_days(long long now, long long start) {
  if (start <= now) return 0;
  return static_cast<int>((start - now + kDay - 1) / kDay);
}

bool early_request(long long now, long long start) {
  int y = 0, m = 0, d = 0;
  civil_from_days(local_days(now), y, m, d);
  m += 4;
  if (m > 12) {
    m -= 12;
    ++y;
  }
  static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int length = lengths[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  d = std::min(d, length);
  return local_days(start) > days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

long long deadline_of(const SessionInfo& s, long long deadline_days) {
  return s.application_deadline > 0 ? s.application_deadline : s.starts_at - deadline_days * kDay;
}

long long parse_euros(const std::string& text) {
  std::string t;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ') continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      i += 2;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x82 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAC) {
      i += 2;
      continue;
    }  // €
    t += static_cast<char>(c == ',' ? '.' : c);
  }
  if (t.empty() || t.size() > 13) return -1;
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (frac.size() > 2 || frac.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (dot != std::string::npos && frac.empty()) return -1;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

long long parse_hours(const std::string& text) {
  std::string t = trim(text);
  if (t.empty()) return 0;
  if (t.size() > 9) return -1;
  auto h = t.find_first_of("hH");
  if (h != std::string::npos) {
    std::string hours = trim(t.substr(0, h)), minutes = trim(t.substr(h + 1));
    if (hours.empty() || hours.find_first_not_of("0123456789") != std::string::npos) return -1;
    if (!minutes.empty() && (minutes.size() > 2 || minutes.find_first_not_of("0123456789") != std::string::npos))
      return -1;
    long long mm = minutes.empty() ? 0 : std::stoll(minutes);
    if (mm >= 60) return -1;
    return std::stoll(hours) * 60 + mm;
  }
  for (char& c : t)
    if (c == ',') c = '.';
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (frac.size() > 2 || frac.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long minutes = std::stoll(whole) * 60;
  if (!frac.empty()) minutes += (std::stoll(frac) * 60 + (frac.size() == 1 ? 5 : 50)) / (frac.size() == 1 ? 10 : 100);
  return minutes;
}

std::string format_euros(long long cents) {
  std::string whole = std::to_string(cents / 100), out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += "\u202F";
    out += whole[i];
  }
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02lld", cents % 100);
  return out + "," + frac + "\u00A0€";
}

std::string format_hours(long long minutes) {
  std::string out = std::to_string(minutes / 60) + "\u00A0h";
  if (minutes % 60) {
    char m[4];
    std::snprintf(m, sizeof m, "%02lld", minutes % 60);
    out += std::string("\u00A0") + m;
  }
  return out;
}

bool plausible_phone(const std::string& phone) {
  if (phone.empty()) return true;
  if (phone.size() > 30) return false;
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '+' && i == 0) continue;
    else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') return false;
  }
  return digits >= 8 && digits <= 15;
}

}  // namespace trame::enrolments
