// The trainers module's pure rules: hours and years typed in forms.
#include <gtest/gtest.h>

#include "trainings/trainers/model.hpp"

using namespace trame::trainers;

TEST(TrainersRules, Hours) {
  EXPECT_EQ(parse_hours("7"), 420);
  EXPECT_EQ(parse_hours("3,5"), 210);
  EXPECT_EQ(parse_hours("1.25"), 75);
  EXPECT_EQ(parse_hours(" 2 "), 120);
  EXPECT_EQ(parse_hours("0"), -1);
  EXPECT_EQ(parse_hours(""), -1);
  EXPECT_EQ(parse_hours("1,234"), -1);
  EXPECT_EQ(parse_hours("deux"), -1);
  EXPECT_EQ(parse_hours("1001"), -1);
  EXPECT_EQ(format_hours(420), "7 h");
  EXPECT_EQ(format_hours(210), "3,5 h");
  EXPECT_EQ(format_hours(75), "1,25 h");
}

TEST(TrainersRules, Years) {
  EXPECT_EQ(parse_years(""), 0);
  EXPECT_EQ(parse_years("14"), 14);
  EXPECT_EQ(parse_years("70"), 70);
  EXPECT_EQ(parse_years("71"), -1);
  EXPECT_EQ(parse_years("-1"), -1);
  EXPECT_EQ(parse_years("1e2"), -1);
}
