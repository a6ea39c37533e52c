// The pure rules of interventions on request (src/network_life/interventions/rules.hpp).
#include <gtest/gtest.h>

#include "network_life/interventions/model.hpp"
#include "network_life/interventions/rules.hpp"

namespace trame::interventions {

TEST(InterventionsRules, CountsAreDigitsWithinTheLimit) {
  EXPECT_EQ(parse_count("0", 10), 0);
  EXPECT_EQ(parse_count(" 12 ", 100), 12);
  EXPECT_EQ(parse_count("-3", 100), -1);
  EXPECT_EQ(parse_count("101", 100), -1);
  EXPECT_EQ(parse_count("douze", 100), -1);
  EXPECT_EQ(parse_count("", 100), -1);
  EXPECT_EQ(parse_count("1e3", 10000), -1);
  EXPECT_EQ(parse_count("9999999999", kMaxParticipants), -1);
}

TEST(InterventionsRules, SatisfactionIsOneToFive) {
  EXPECT_EQ(parse_satisfaction("1"), 1);
  EXPECT_EQ(parse_satisfaction("5"), 5);
  EXPECT_EQ(parse_satisfaction("0"), 0);
  EXPECT_EQ(parse_satisfaction("6"), 0);
  EXPECT_EQ(parse_satisfaction("-1"), 0);
  EXPECT_EQ(parse_satisfaction("trois"), 0);
}

TEST(InterventionsRules, Transitions) {
  EXPECT_TRUE(may_decide("requested"));
  for (const auto& s : {"accepted", "declined", "scheduled", "done", "cancelled"}) EXPECT_FALSE(may_decide(s)) << s;
  EXPECT_TRUE(may_confirm("accepted"));
  EXPECT_FALSE(may_confirm("requested"));
  EXPECT_FALSE(may_confirm("scheduled"));
  for (const auto& s : {"requested", "accepted", "scheduled"}) EXPECT_TRUE(may_cancel(s)) << s;
  for (const auto& s : {"declined", "done", "cancelled"}) EXPECT_FALSE(may_cancel(s)) << s;
  EXPECT_TRUE(may_record_attendance("scheduled"));
  EXPECT_TRUE(may_record_attendance("done"));
  EXPECT_FALSE(may_record_attendance("requested"));
  EXPECT_FALSE(may_record_attendance("declined"));
  EXPECT_TRUE(may_give_feedback("done"));
  for (const auto& s : {"requested", "accepted", "declined", "scheduled", "cancelled"})
    EXPECT_FALSE(may_give_feedback(s)) << s;
}

TEST(InterventionsRules, WantedDates) {
  std::string field, error;
  auto d = wanted_dates({"2030-05-02", "", "2030-05-09"}, "2030-05-01", field, error);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "2030-05-02");
  EXPECT_EQ(d[1], "2030-05-09");
  EXPECT_TRUE(field.empty());

  wanted_dates({"", "", ""}, "2030-05-01", field, error);
  EXPECT_EQ(field, "date1");
  EXPECT_EQ(error, "date_missing");

  wanted_dates({"2030-05-02", "2030-05-01"}, "2030-05-01", field, error);
  EXPECT_EQ(field, "date2");
  EXPECT_EQ(error, "date_past");  // today is not a wanted date: from tomorrow on

  wanted_dates({"2030-02-31"}, "2030-01-01", field, error);
  EXPECT_EQ(field, "date1");
  EXPECT_EQ(error, "date_invalid");

  wanted_dates({"2030-06-01", "2030-06-02", "2030-06-01"}, "2030-01-01", field, error);
  EXPECT_EQ(field, "date3");
  EXPECT_EQ(error, "date_twice");
}

TEST(InterventionsModel, ParticipantsAndWantedDates) {
  Request r;
  r.attended_children = 3;
  r.attended_youth = 9;
  r.attended_adults = 5;
  r.attended_seniors = 1;
  EXPECT_EQ(r.participants(), 18);
  r.date1 = "2030-01-02";
  r.date3 = "2030-01-09";
  auto w = r.wanted_dates();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1], "2030-01-09");
}

}  // namespace trame::interventions
