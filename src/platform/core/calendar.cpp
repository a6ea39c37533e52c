#include "platform/core/calendar.hpp"

#include <cstdio>
#include <ctime>

#include "platform/core/text.hpp"

namespace trame {

std::string format_local(long long t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[128];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

long long local_time(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  // mktime normalises 31/02 into March: refuse what does not come back the same.
  if (t == -1 || tm.tm_year != y - 1900 || tm.tm_mon != mo - 1 || tm.tm_mday != d) return -1;
  return static_cast<long long>(t);
}

long long seconds_until_local_hour(long long t, int hour) {
  // Paris' offsets are whole hours: walk the next 26 hour marks until the local clock reads hour:00.
  long long mark = t - ((t % 3600) + 3600) % 3600;
  for (int i = 0; i < 26; ++i) {
    mark += 3600;
    std::time_t m = static_cast<std::time_t>(mark);
    std::tm shown{};
    localtime_r(&m, &shown);
    if (shown.tm_hour == hour && shown.tm_min == 0) return mark - t;
  }
  return 24 * 3600;
}

long long parse_local(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  std::string t = trim(text);
  if (t.size() < 16) return -1;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) < 5) return -1;
  if (t.size() > 16 && !(t.size() == 19 && t[16] == ':')) return -1;
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return -1;
  return local_time(y, mo, d, h, mi);
}

std::string local_input(long long t) {
  return t <= 0 ? std::string() : format_local(t, "%Y-%m-%dT%H:%M");
}

long long day_start(const std::string& date) {
  int y = 0, mo = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return -1;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return -1;
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
  return local_time(y, mo, d, 0, 0);
}

namespace {

std::optional<Date> parse_day(std::string_view text, int min_year, int max_year) {
  std::string t = trim(text);
  int y = 0, mo = 0, d = 0;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return std::nullopt;
  if (y < min_year || y > max_year || mo < 1 || mo > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] + (mo == 2 && leap ? 1 : 0)) return std::nullopt;  // 31/02, 31/04…
  return Date{y, mo, d};
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  return parse_day(text, 2000, 2100);
}

std::optional<Date> parse_birth_date(std::string_view text) {
  return parse_day(text, 1900, 2100);
}

std::optional<Date> parse_month(std::string_view text) {
  std::string t = trim(text);
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  int y = std::stoi(t.substr(0, 4)), mo = std::stoi(t.substr(5, 2));
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12) return std::nullopt;
  return Date{y, mo, 1};
}

int parse_clock(std::string_view text) {
  std::string t = trim(text);
  if (t.size() != 5 || t[2] != ':') return -1;
  for (std::size_t i : {0, 1, 3, 4})
    if (t[i] < '0' || t[i] > '9') return -1;
  int h = (t[0] - '0') * 10 + (t[1] - '0'), mi = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || mi > 59) return -1;
  return h * 60 + mi;
}

long long local_time(const Date& date, std::string_view clock) {
  int minutes = parse_clock(clock);
  if (minutes < 0) return -1;
  return local_time(date.year, date.month, date.day, minutes / 60, minutes % 60);
}

Date local_date(long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

long long day_start(const Date& date) {
  return local_time(date.year, date.month, date.day, 0, 0);
}

long long next_day_start(const Date& date) {
  // mktime normalises the 32nd into the next month (and across a change of hour).
  std::tm tm{};
  tm.tm_year = date.year - 1900;
  tm.tm_mon = date.month - 1;
  tm.tm_mday = date.day + 1;
  tm.tm_isdst = -1;
  if (day_start(date) == -1) return -1;
  return static_cast<long long>(std::mktime(&tm));
}

long long month_start(int year, int month) {
  return local_time(year, month, 1, 0, 0);
}

long long next_month_start(int year, int month) {
  return month == 12 ? local_time(year + 1, 1, 1, 0, 0) : local_time(year, month + 1, 1, 0, 0);
}

std::string iso_date(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

std::string short_french_date(const std::string& iso) {
  auto d = parse_birth_date(iso);
  if (!d) return iso;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d->day, d->month, d->year);
  return buf;
}

}  // namespace trame
