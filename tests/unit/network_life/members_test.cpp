// Members' pure rules (src/network_life/members/model.hpp): amounts in euros, the years one may apply for,
// when reminders are due, what may be renewed, CSV fields.
#include <gtest/gtest.h>

#include "network_life/members/model.hpp"

namespace trame::members {

TEST(MembersEuros, ParsesAmountsWithCents) {
  EXPECT_EQ(parse_euros("50"), 5000);
  EXPECT_EQ(parse_euros("12,5"), 1250);
  EXPECT_EQ(parse_euros("12.50"), 1250);
  EXPECT_EQ(parse_euros(" 1 200,05 "), 120005);
  EXPECT_EQ(parse_euros("0"), 0);
  EXPECT_EQ(parse_euros("30 €"), 3000);
}

TEST(MembersEuros, RefusesBadAmounts) {
  EXPECT_EQ(parse_euros(""), -1);
  EXPECT_EQ(parse_euros("-5"), -1);
  EXPECT_EQ(parse_euros("12,505"), -1);
  EXPECT_EQ(parse_euros("12,"), -1);
  EXPECT_EQ(parse_euros(",5"), -1);
  EXPECT_EQ(parse_euros("douze"), -1);
  EXPECT_EQ(parse_euros("1e3"), -1);
  EXPECT_EQ(parse_euros("99999999999"), -1);
}

TEST(MembersEuros, FormatsInFrench) {
  EXPECT_EQ(format_euros(5000), "50,00\xC2\xA0\xE2\x82\xAC");
  EXPECT_EQ(format_euros(120005),
            "1\xE2\x80\xAF"
            "200,05\xC2\xA0\xE2\x82\xAC");
  EXPECT_EQ(format_euros(7), "0,07\xC2\xA0\xE2\x82\xAC");
  EXPECT_EQ(format_euros(-1), "");
}

TEST(MembersYears, OnlyLastThisAndNextYear) {
  EXPECT_TRUE(year_allowed(2026, 2026));
  EXPECT_TRUE(year_allowed(2025, 2026));
  EXPECT_TRUE(year_allowed(2027, 2026));
  EXPECT_FALSE(year_allowed(2024, 2026));
  EXPECT_FALSE(year_allowed(2028, 2026));
  EXPECT_FALSE(year_allowed(1996, 2026));
}

TEST(MembersReminders, FromTheReminderDayOfDecember) {
  EXPECT_FALSE(reminder_due(2026, 2026, 11, 30, 1));
  EXPECT_TRUE(reminder_due(2026, 2026, 12, 1, 1));
  EXPECT_FALSE(reminder_due(2026, 2026, 12, 9, 10));
  EXPECT_TRUE(reminder_due(2026, 2026, 12, 10, 10));
  EXPECT_FALSE(reminder_due(2025, 2026, 12, 15, 1)) << "a past year is not reminded";
}

TEST(MembersRenewal, LastYearAlwaysThisYearInDecember) {
  EXPECT_TRUE(renewable("member", 2025, 2026, false));
  EXPECT_TRUE(renewable("lapsed", 2025, 2026, false));
  EXPECT_FALSE(renewable("member", 2026, 2026, false));
  EXPECT_TRUE(renewable("member", 2026, 2026, true));
  EXPECT_FALSE(renewable("applied", 2025, 2026, true));
  EXPECT_FALSE(renewable("refused", 2025, 2026, true));
  EXPECT_FALSE(renewable("member", 2024, 2026, true));
}

TEST(MembersCsv, QuotesAndNeutralisesFormulas) {
  EXPECT_EQ(csv_field("Théâtre"), "Théâtre");
  EXPECT_EQ(csv_field("a;b"), "\"a;b\"");
  EXPECT_EQ(csv_field("dit \"oui\""), "\"dit \"\"oui\"\"\"");
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
}

TEST(MembersRules, StaffRolesAndMeans) {
  EXPECT_TRUE(is_one_of("referent", staff_roles()));
  EXPECT_TRUE(is_one_of("partner_staff", staff_roles()));
  EXPECT_FALSE(is_one_of("volunteer", staff_roles()));
  EXPECT_FALSE(is_one_of("trainee", staff_roles()));
  EXPECT_TRUE(is_one_of("exonere", fee_means()));
  EXPECT_FALSE(is_one_of("carte", fee_means()));
}

}  // namespace trame::members
