#include "network_life/action_programmes/rules.hpp"

#include <cstdio>

namespace trame::action_programmes {

std::string shown_count(long long n, bool exact) {
  if (!exact && n > 0 && n < kSmallNumber) return "< " + std::to_string(kSmallNumber);
  return std::to_string(n);
}

std::string attendance_rate(long long present, long long registered, bool exact) {
  if (registered <= 0) return "—";
  if (!exact && registered < kSmallNumber) return "—";
  long long pct = (present * 100 + registered / 2) / registered;
  return std::to_string(pct) + " %";
}

long long parse_count(const std::string& text, long long min, long long max) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long n = std::stoll(text);
  return n < min || n > max ? -1 : n;
}

bool valid_day(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (day[i] < '0' || day[i] > '9') return false;
  int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)), d = std::stoi(day.substr(8, 2));
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace trame::action_programmes
