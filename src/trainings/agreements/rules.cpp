#include "trainings/agreements/rules.hpp"

#include "platform/core/calendar.hpp"
#include "trainings/enrolments/rules.hpp"

namespace trame::agreements {

namespace {
constexpr long long kDay = 86400;

// The Paris day `n` days after `d` (noon to noon: a change of time never moves it by a day).
Date plus_days(const Date& d, int n) {
  return local_date(day_start(d) + 12 * 3600 + n * kDay);
}

int weekday(const Date& d) {
  // Sakamoto's method: 0 is Sunday.
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int y = d.year - (d.month < 3 ? 1 : 0);
  return (y + y / 4 - y / 100 + y / 400 + t[d.month - 1] + d.day) % 7;
}

Date last_day(long long signed_at) {
  Date d = plus_days(local_date(signed_at), 10);
  for (;;) {
    int w = weekday(d);
    if (w != 0 && w != 6 && !enrolments::french_public_holiday(d.year, d.month, d.day)) return d;
    d = plus_days(d, 1);
  }
}
}  // namespace

int weekday_of(const std::string& ymd) {
  auto d = parse_date(ymd);
  return d ? weekday(*d) : -1;
}

std::string withdrawal_last_day(long long signed_at) {
  return iso_date(last_day(signed_at));
}

long long withdrawal_end(long long signed_at) {
  return next_day_start(last_day(signed_at));
}

}  // namespace trame::agreements
