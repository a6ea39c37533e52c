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

std::string local_input(long long t) { return t <= 0 ? std::string() : format_local(t, "%Y-%m-%dT%H:%M"); }

long long day_start(const std::string& date) {
  int y = 0, mo = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return -1;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return -1;
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
  return local_time(y, mo, d, 0, 0);
}

}  // namespace trame
