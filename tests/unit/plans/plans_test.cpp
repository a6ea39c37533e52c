// The pure rules of plans (src/plans/plans/rules.hpp): the catalogue of computed indicators and the
// filters each accepts, typed numbers and dates, and the progress towards a target.
#include <gtest/gtest.h>

#include <set>

#include "plans/plans/rules.hpp"

using namespace trame::plans::plans;

TEST(PlansCatalogue, KeysAreUniqueAndFound) {
  std::set<std::string> keys;
  for (const auto& e : catalogue()) {
    EXPECT_TRUE(keys.insert(e.key).second) << e.key;
    EXPECT_EQ(catalogue_entry(e.key), &e);
  }
  EXPECT_EQ(catalogue_entry("nope"), nullptr);
  EXPECT_EQ(catalogue_entry(""), nullptr);
}

TEST(PlansCatalogue, FiltersEachKeyAccepts) {
  EXPECT_TRUE(catalogue_entry("people_reached")->qpv);
  EXPECT_TRUE(catalogue_entry("places_used")->qpv);
  EXPECT_FALSE(catalogue_entry("partnerships_new")->qpv);
  EXPECT_TRUE(catalogue_entry("partnerships_new")->delegation);
  EXPECT_TRUE(catalogue_entry("trainings_held")->programme);
  EXPECT_FALSE(catalogue_entry("events_held")->programme);
  EXPECT_FALSE(catalogue_entry("volunteer_hours")->delegation);
  EXPECT_TRUE(catalogue_entry("certification_successes")->programme);
  EXPECT_FALSE(catalogue_entry("certification_successes")->qpv);
}

TEST(PlansRules, ParseNumber) {
  EXPECT_EQ(parse_number("20"), 20.0);
  EXPECT_EQ(parse_number(" 2,5 "), 2.5);
  EXPECT_EQ(parse_number("-3.25"), -3.25);
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("  "));
  EXPECT_FALSE(parse_number("abc"));
  EXPECT_FALSE(parse_number("1,2,3"));
  EXPECT_FALSE(parse_number("3."));
  EXPECT_FALSE(parse_number("-"));
  EXPECT_FALSE(parse_number("1e5"));
  EXPECT_FALSE(parse_number("9999999999999"));
}

TEST(PlansRules, DatesAndPeriods) {
  EXPECT_TRUE(valid_date("2023-09-01"));
  EXPECT_FALSE(valid_date("2023-02-30"));
  EXPECT_FALSE(valid_date("01/09/2023"));
  EXPECT_TRUE(valid_period("2023-09-01", "2024-08-31"));
  EXPECT_TRUE(valid_period("2024-01-01", "2024-01-01"));
  EXPECT_FALSE(valid_period("2024-08-31", "2023-09-01"));
  EXPECT_FALSE(valid_period("2020-01-01", "2035-01-01"));
}

TEST(PlansRules, Progress) {
  EXPECT_EQ(progress(10.0, 20.0, std::nullopt), 50);
  EXPECT_EQ(progress(25.0, 20.0, std::nullopt), 125);
  EXPECT_EQ(progress(3.0, 3.0, 0.0), 100);
  EXPECT_EQ(progress(15.0, 20.0, 10.0), 50);
  EXPECT_EQ(progress(5.0, 20.0, 10.0), 0);  // below the baseline: 0, never negative
  EXPECT_FALSE(progress(std::nullopt, 20.0, std::nullopt));
  EXPECT_FALSE(progress(5.0, std::nullopt, std::nullopt));
  EXPECT_FALSE(progress(5.0, 10.0, 10.0));
}

TEST(PlansRules, FormatNumber) {
  EXPECT_EQ(format_number(20), "20");
  EXPECT_EQ(format_number(2.5), "2,5");
  EXPECT_EQ(format_number(0), "0");
}
