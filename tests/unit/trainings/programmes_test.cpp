// Pure rules of the trainings module: durations and prices as people type them, the median access
// delay, the mixed-cohort balance and the session status transitions.
#include <gtest/gtest.h>

#include "trainings/programmes/model.hpp"

using namespace trame::programmes;

TEST(TrainingsDuration, ReadsHoursAndMinutes) {
  EXPECT_EQ(parse_duration("70"), 70 * 60);
  EXPECT_EQ(parse_duration("70 h"), 70 * 60);
  EXPECT_EQ(parse_duration("70h"), 70 * 60);
  EXPECT_EQ(parse_duration("3 h 30"), 210);
  EXPECT_EQ(parse_duration("3h30"), 210);
  EXPECT_EQ(parse_duration("3:30"), 210);
  EXPECT_EQ(parse_duration("3 heures"), 180);
  EXPECT_EQ(parse_duration(" 35 H "), 35 * 60);
}

TEST(TrainingsDuration, RefusesWhatItCannotRead) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("soixante-dix"));
  EXPECT_FALSE(parse_duration("3 h 75"));
  EXPECT_FALSE(parse_duration("-3"));
  EXPECT_FALSE(parse_duration("3,5"));
}

TEST(TrainingsPrice, ReadsEurosAsCents) {
  EXPECT_EQ(parse_price_cents("1500"), 150000);
  EXPECT_EQ(parse_price_cents("1 500"), 150000);
  EXPECT_EQ(parse_price_cents("1\u202F500\u00A0€"), 150000);
  EXPECT_EQ(parse_price_cents("1500,00"), 150000);
  EXPECT_EQ(parse_price_cents("1500.5"), 150050);
  EXPECT_EQ(parse_price_cents("0"), 0);
  EXPECT_EQ(parse_price_cents("1 500 euros"), 150000);
  EXPECT_FALSE(parse_price_cents("gratuit"));
  EXPECT_FALSE(parse_price_cents("12,345"));
  EXPECT_FALSE(parse_price_cents("-5"));
}

TEST(TrainingsPrice, FormatsForPeople) {
  EXPECT_EQ(format_price(150000), "1\u202F500\u00A0€");
  EXPECT_EQ(format_price(150050), "1\u202F500,50\u00A0€");
  EXPECT_EQ(format_minutes(4200), "70 h");
  EXPECT_EQ(format_minutes(210), "3 h 30");
}

TEST(TrainingsClock, ReadsHoursOfTheDay) {
  EXPECT_EQ(parse_clock("09:00"), 540);
  EXPECT_EQ(parse_clock("9h30"), 570);
  EXPECT_EQ(parse_clock("17h"), 1020);
  EXPECT_FALSE(parse_clock("24:00"));
  EXPECT_FALSE(parse_clock("9"));
}

TEST(TrainingsAccessDelay, MedianOfTheDelays) {
  EXPECT_FALSE(median({}));
  EXPECT_EQ(median({42}), 42);
  EXPECT_EQ(median({90, 10, 30}), 30);
  EXPECT_EQ(median({10, 20, 30, 41}), 25);  // mean of the two middle ones, rounded down
  EXPECT_EQ(median({120, 5, 5, 60, 7}), 7);
}

TEST(TrainingsMix, BalancedCohort) {
  Mix m = mix_balance(5, 4, 1, 70);
  EXPECT_EQ(m.total, 10);
  EXPECT_EQ(m.social_pct, 50);
  EXPECT_EQ(m.cultural_pct, 40);
  EXPECT_EQ(m.other_pct, 10);
  EXPECT_EQ(m.dominant, "social");
  EXPECT_FALSE(m.unbalanced);
}

TEST(TrainingsMix, OneSidedCohortIsFlagged) {
  Mix m = mix_balance(1, 6, 0, 70);  // 6 of 7 cultural: 86 %
  EXPECT_EQ(m.dominant, "cultural");
  EXPECT_EQ(m.dominant_pct, 86);
  EXPECT_TRUE(m.unbalanced);
  Mix social = mix_balance(17, 3, 0, 70);
  EXPECT_EQ(social.dominant_pct, 85);
  EXPECT_TRUE(social.unbalanced);
}

TEST(TrainingsMix, ThresholdIsInclusive) {
  Mix m = mix_balance(7, 3, 0, 70);  // exactly 70 %: not above the threshold
  EXPECT_FALSE(m.unbalanced);
  EXPECT_TRUE(mix_balance(7, 3, 0, 69).unbalanced);
}

TEST(TrainingsMix, EmptyCohort) {
  Mix m = mix_balance(0, 0, 0, 70);
  EXPECT_EQ(m.total, 0);
  EXPECT_TRUE(m.dominant.empty());
  EXPECT_FALSE(m.unbalanced);
}

TEST(TrainingsStatus, Transitions) {
  EXPECT_TRUE(can_transition("planned", "open"));
  EXPECT_TRUE(can_transition("open", "confirmed"));
  EXPECT_TRUE(can_transition("confirmed", "running"));
  EXPECT_TRUE(can_transition("running", "completed"));
  EXPECT_FALSE(can_transition("planned", "confirmed"));
  EXPECT_FALSE(can_transition("open", "completed"));
  EXPECT_FALSE(can_transition("completed", "open"));
  for (const char* from : {"planned", "open", "confirmed", "running"}) EXPECT_TRUE(can_transition(from, "cancelled"));
  EXPECT_FALSE(can_transition("completed", "cancelled"));
  EXPECT_FALSE(can_transition("cancelled", "cancelled"));
}
