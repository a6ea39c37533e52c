// The pure rules of volunteering: hours typed in quarter hours (decimal with a comma or a point, or
// hours and minutes), refused when not a whole number of quarter hours, zero, or over 24 h; the
// French display of quarter hours; the availability grid's values.
#include <gtest/gtest.h>

#include "network_life/volunteering/model.hpp"

using namespace trame::volunteering;

TEST(VolunteeringHours, ParsesQuarterHours) {
  EXPECT_EQ(parse_quarters("2"), 8);
  EXPECT_EQ(parse_quarters("2,5"), 10);
  EXPECT_EQ(parse_quarters("2.75"), 11);
  EXPECT_EQ(parse_quarters("0,25"), 1);
  EXPECT_EQ(parse_quarters("1:45"), 7);
  EXPECT_EQ(parse_quarters("1h30"), 6);
  EXPECT_EQ(parse_quarters("3h"), 12);
  EXPECT_EQ(parse_quarters(" 12 "), 48);
  EXPECT_EQ(parse_quarters("2,50"), 10);
  EXPECT_EQ(parse_quarters("2,500"), 10);
  EXPECT_EQ(parse_quarters("24"), 96);
}

TEST(VolunteeringHours, RefusesWhatIsNotQuarterHours) {
  for (const char* bad : {"", "0", "0,0", "1,1", "1,3", "1:10", "1:60", "1:5", "-2", "2,", ",5", "abc", "25", "2h5",
                          "1.255", "999999999", "1:", "2,5h"})
    EXPECT_EQ(parse_quarters(bad), -1) << bad;
}

TEST(VolunteeringHours, DailyLimitIsTwelveHours) {
  EXPECT_EQ(kMaxQuartersPerDay, 48);
  EXPECT_GT(parse_quarters("12,25"), kMaxQuartersPerDay);
}

TEST(VolunteeringHours, FormatsInFrench) {
  EXPECT_EQ(format_quarters(8), "2 h");
  EXPECT_EQ(format_quarters(10), "2 h 30");
  EXPECT_EQ(format_quarters(1), "0 h 15");
  EXPECT_EQ(format_quarters(39), "9 h 45");
  EXPECT_DOUBLE_EQ(hours_of(7), 1.75);
}

TEST(VolunteeringSlots, ParsesTheGrid) {
  Slot s;
  EXPECT_TRUE(parse_slot("1am", s));
  EXPECT_EQ(s.weekday, 1);
  EXPECT_EQ(s.half, "am");
  EXPECT_TRUE(parse_slot("7pm", s));
  EXPECT_EQ(s.weekday, 7);
  for (const char* bad : {"", "0am", "8pm", "1xx", "1amx", "am", "10am"}) EXPECT_FALSE(parse_slot(bad, s)) << bad;
}
