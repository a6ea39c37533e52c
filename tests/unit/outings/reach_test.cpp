// Reach: small counts masked in per-group rows, and the period of ?du=…&au=….
#include <gtest/gtest.h>

#include "outings/reach/service.hpp"
#include "platform/core/calendar.hpp"

using namespace trame::reach;

TEST(ReachMasking, OneAndTwoShowAsUnderThree) {
  EXPECT_EQ(masked(0), "0");
  EXPECT_EQ(masked(1), "< 3");
  EXPECT_EQ(masked(2), "< 3");
  EXPECT_EQ(masked(3), "3");
  EXPECT_EQ(masked(250), "250");
}

TEST(ReachMasking, ReturningIsPeopleMinusFirst) {
  ReachLine l;
  l.people = 7;
  l.first = 4;
  EXPECT_EQ(l.returning(), 3);
}

TEST(ReachPeriod, DefaultsToTheCurrentYear) {
  long long now = trame::day_start(std::string("2026-07-14")) + 3600;
  auto p = parse_period("", "", now);
  EXPECT_FALSE(p.invalid);
  EXPECT_EQ(p.from_iso, "2026-01-01");
  EXPECT_EQ(p.to_iso, "2026-12-31");
  EXPECT_EQ(p.from, trame::day_start(std::string("2026-01-01")));
  EXPECT_EQ(p.to, trame::day_start(std::string("2027-01-01")));
}

TEST(ReachPeriod, ReadsBothDaysIncluded) {
  long long now = trame::day_start(std::string("2026-07-14"));
  auto p = parse_period("2025-03-01", "2025-03-31", now);
  EXPECT_FALSE(p.invalid);
  EXPECT_EQ(p.from, trame::day_start(std::string("2025-03-01")));
  EXPECT_EQ(p.to, trame::day_start(std::string("2025-04-01")));
  EXPECT_EQ(p.to_iso, "2025-03-31");
  // One side given: the other is the current year's bound.
  auto q = parse_period("2026-03-01", "", now);
  EXPECT_FALSE(q.invalid);
  EXPECT_EQ(q.to_iso, "2026-12-31");
}

TEST(ReachPeriod, RefusesMalformedReversedOrTooLong) {
  long long now = trame::day_start(std::string("2026-07-14"));
  for (const auto& [du, au] : std::vector<std::pair<std::string, std::string>>{
           {"2026-13-01", "2026-12-31"}, {"hier", ""}, {"2026-05-01", "2026-04-30"}, {"2015-01-01", "2026-01-01"}}) {
    auto p = parse_period(du, au, now);
    EXPECT_TRUE(p.invalid) << du << " " << au;
    EXPECT_EQ(p.from_iso, "2026-01-01");
    EXPECT_EQ(p.to_iso, "2026-12-31");
  }
}
