// Pure rules of action programmes (src/network_life/action_programmes/rules.hpp): small numbers masked
// for funders and partners, the attendance rate, counts and days typed in forms.
#include <gtest/gtest.h>

#include "network_life/action_programmes/model.hpp"
#include "network_life/action_programmes/rules.hpp"

using namespace trame::action_programmes;

TEST(ActionProgrammesRules, SmallNumbersAreMaskedForFundersAndPartners) {
  EXPECT_EQ(shown_count(0, false), "0");
  EXPECT_EQ(shown_count(1, false), "< 3");
  EXPECT_EQ(shown_count(2, false), "< 3");
  EXPECT_EQ(shown_count(3, false), "3");
  EXPECT_EQ(shown_count(120, false), "120");
  EXPECT_EQ(shown_count(1, true), "1");
  EXPECT_EQ(shown_count(2, true), "2");
}

TEST(ActionProgrammesRules, AttendanceRate) {
  EXPECT_EQ(attendance_rate(0, 0, true), "—");
  EXPECT_EQ(attendance_rate(15, 18, true), "83 %");
  EXPECT_EQ(attendance_rate(1, 2, true), "50 %");
  EXPECT_EQ(attendance_rate(1, 2, false), "—") << "a rate over fewer than 3 registrations would reveal people";
  EXPECT_EQ(attendance_rate(3, 3, false), "100 %");
  EXPECT_EQ(attendance_rate(2, 3, false), "67 %");
}

TEST(ActionProgrammesRules, ParseCount) {
  EXPECT_EQ(parse_count("8", 1, 10000), 8);
  EXPECT_EQ(parse_count("0", 0, 15), 0);
  EXPECT_EQ(parse_count("0", 1, 15), -1);
  EXPECT_EQ(parse_count("16", 0, 15), -1);
  EXPECT_EQ(parse_count("", 0, 15), -1);
  EXPECT_EQ(parse_count("huit", 1, 10), -1);
  EXPECT_EQ(parse_count("-2", 0, 10), -1);
  EXPECT_EQ(parse_count("1.5", 0, 10), -1);
  EXPECT_EQ(parse_count("99999999999999999999", 0, 10), -1);
}

TEST(ActionProgrammesRules, ValidDay) {
  EXPECT_TRUE(valid_day("2024-02-29"));
  EXPECT_FALSE(valid_day("2023-02-29"));
  EXPECT_TRUE(valid_day("2023-12-31"));
  EXPECT_FALSE(valid_day("2023-13-01"));
  EXPECT_FALSE(valid_day("2023-04-31"));
  EXPECT_FALSE(valid_day("31/12/2023"));
  EXPECT_FALSE(valid_day("2023-1-01"));
  EXPECT_FALSE(valid_day(""));
}

TEST(ActionProgrammesModel, HouseholdsTakeTheirSize) {
  Participant household;
  household.kind = "household";
  household.adults = 1;
  household.children = 2;
  EXPECT_EQ(household.places(), 3);
  Participant person;
  person.kind = "person";
  person.adults = 4;
  EXPECT_EQ(person.places(), 1);
}

TEST(ActionProgrammesModel, FixedCategoriesWithoutFreeText) {
  EXPECT_EQ(outcome_categories(), (std::vector<std::string>{"formation", "emploi", "autre", "aucune"}));
  EXPECT_EQ(session_kinds().size(), 4u);
}
