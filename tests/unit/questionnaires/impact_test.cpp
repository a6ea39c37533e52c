// Impact studies: the period's dates, the end of the last day (when the study's tokens expire), the
// ISO week, and the coarse attributes an invitation carries (no name, JSON escaped).
#include <gtest/gtest.h>

#include <ctime>

#include "platform/core/calendar.hpp"
#include "questionnaires/impact/service.hpp"

using namespace trame;
using namespace trame::impact;

namespace {
long long local_noon(int y, int m, int d) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  tm.tm_isdst = -1;
  return static_cast<long long>(std::mktime(&tm));
}
}  // namespace

TEST(ImpactDates, EndOfDayIsTheLastSecondOfTheLocalDay) {
  long long end = end_of_day("2026-03-10");
  EXPECT_EQ(local_day(end), "2026-03-10");
  EXPECT_EQ(local_day(end + 1), "2026-03-11");
  EXPECT_EQ(end_of_day("2026-03-11") - end, 86400);
  // Across the change to summer time (29 March 2026 in Europe/Paris) the day still ends at midnight.
  long long before = end_of_day("2026-03-29");
  EXPECT_EQ(local_day(before), "2026-03-29");
  EXPECT_EQ(local_day(before + 1), "2026-03-30");
  EXPECT_EQ(end_of_day("not a date"), 0);
}

TEST(ImpactDates, IsoWeek) {
  EXPECT_EQ(iso_week(local_noon(2026, 1, 1)), "2026-W01");
  EXPECT_EQ(iso_week(local_noon(2027, 1, 1)), "2026-W53");
  EXPECT_EQ(iso_week(local_noon(2026, 11, 24)), "2026-W48");
}

TEST(ImpactAttributes, CoarseFactsOnly) {
  EXPECT_EQ(invitation_attributes(12, "", "18-25"), "{\"organisation\":\"12\",\"age_band\":\"18-25\"}");
  EXPECT_EQ(invitation_attributes(3, "Délégation \"Nord\"", "60+"),
            "{\"organisation\":\"3\",\"delegation\":\"Délégation \\\"Nord\\\"\",\"age_band\":\"60+\"}");
}
