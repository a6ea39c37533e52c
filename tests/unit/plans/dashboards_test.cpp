// The dashboards' pure helpers (src/plans/dashboards/service.hpp): the « < 5 » guard, the change in %
// (hidden when it would give a masked number back) and the previous period of the same length.
#include <gtest/gtest.h>

#include "plans/dashboards/service.hpp"
#include "platform/core/calendar.hpp"

using namespace trame;
using namespace trame::plans::dashboards;

TEST(PlansDashboards, MasksPeopleFromOneToFour) {
  EXPECT_EQ(shown(0, true), "0");
  EXPECT_EQ(shown(1, true), "< 5");
  EXPECT_EQ(shown(4, true), "< 5");
  EXPECT_EQ(shown(5, true), "5");
  EXPECT_EQ(shown(3, false), "3");
}

TEST(PlansDashboards, ChangeInPercentUnlessMasked) {
  EXPECT_EQ(change(Figure{"people", 6, 5, true, ""}), "+20,0 %");
  EXPECT_EQ(change(Figure{"offered", 50, 100, false, ""}), "-50,0 %");
  EXPECT_EQ(change(Figure{"people", 6, 0, true, ""}), "");
  EXPECT_EQ(change(Figure{"people", 3, 10, true, ""}), "");
  EXPECT_EQ(change(Figure{"people", 10, 3, true, ""}), "");
  EXPECT_EQ(change(Figure{"sessions", 3, 2, false, ""}), "+50,0 %");
}

TEST(PlansDashboards, PreviousPeriodHasTheSameLength) {
  auto p = parse_period("2017-01-01", "2017-12-31", day_start("2026-06-01"));
  EXPECT_FALSE(p.invalid);
  EXPECT_EQ(p.from, day_start("2017-01-01"));
  EXPECT_EQ(p.to, day_start("2018-01-01"));
  EXPECT_EQ(p.previous_from, p.from - (p.to - p.from));
  EXPECT_EQ(p.previous_to_iso, "2016-12-31");
  auto bad = parse_period("2017-05-01", "2017-04-01", day_start("2026-06-01"));
  EXPECT_TRUE(bad.invalid);
  EXPECT_EQ(bad.from_iso, "2026-01-01");
}
