// Enrolments' pure rules: French public holidays, working days before a session (CPF), access delay,
// the early-request flag, and the amounts and hours typed in funding lines, and what a funder owes pro rata of the
// attended time.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "trainings/enrolments/funding.hpp"
#include "trainings/enrolments/rules.hpp"

using namespace trame::enrolments;

namespace {

// Unix time of a Paris wall-clock moment.
class EnrolmentsCalendar : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TZ");
    saved_ = old ? old : "";
    had_ = old != nullptr;
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
  void TearDown() override {
    if (had_) setenv("TZ", saved_.c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
  static long long at(int y, int m, int d, int h = 12, int mi = 0) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    return static_cast<long long>(std::mktime(&tm));
  }
  std::string saved_;
  bool had_ = false;
};

}  // namespace

TEST(EnrolmentsHolidays, FixedAndMovableFrenchHolidays) {
  for (auto [m, d] : {std::pair{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}})
    EXPECT_TRUE(french_public_holiday(2027, m, d)) << m << "/" << d;
  EXPECT_TRUE(french_public_holiday(2026, 4, 6));    // Easter Monday 2026
  EXPECT_TRUE(french_public_holiday(2026, 5, 14));   // Ascension 2026
  EXPECT_TRUE(french_public_holiday(2026, 5, 25));   // Whit Monday 2026
  EXPECT_TRUE(french_public_holiday(2027, 3, 29));   // Easter Monday 2027
  EXPECT_TRUE(french_public_holiday(2027, 5, 6));    // Ascension 2027
  EXPECT_TRUE(french_public_holiday(2027, 5, 17));   // Whit Monday 2027
  EXPECT_FALSE(french_public_holiday(2027, 3, 28));  // Easter Sunday is a Sunday anyway, not listed
  EXPECT_FALSE(french_public_holiday(2026, 11, 24));
  EXPECT_FALSE(french_public_holiday(2026, 12, 26));
}

TEST_F(EnrolmentsCalendar, WorkingDaysSkipWeekendsAndHolidays) {
  // Monday → next Monday: Tuesday to Friday in between.
  EXPECT_EQ(working_days_between(at(2026, 11, 23), at(2026, 11, 30)), 4);
  // Same day, next day: nothing strictly between.
  EXPECT_EQ(working_days_between(at(2026, 11, 23, 8), at(2026, 11, 23, 18)), 0);
  EXPECT_EQ(working_days_between(at(2026, 11, 23), at(2026, 11, 24)), 0);
  // Over Christmas and New Year: 22, 23, 24, 28, 29, 30, 31 December.
  EXPECT_EQ(working_days_between(at(2026, 12, 21), at(2027, 1, 4)), 7);
  // A start before the request: none.
  EXPECT_EQ(working_days_between(at(2026, 12, 21), at(2026, 12, 1)), 0);
  // Late in the evening, Paris time, still counts as that Paris day.
  EXPECT_EQ(working_days_between(at(2026, 11, 23, 23, 30), at(2026, 11, 30, 0, 30)), 4);
}

TEST_F(EnrolmentsCalendar, CpfRuleOfElevenWorkingDays) {
  // From Monday 23 November 2026: 11 working days in between means a start on Wednesday 9 December or later.
  EXPECT_LT(working_days_between(at(2026, 11, 23), at(2026, 12, 8)), 11);
  EXPECT_EQ(working_days_between(at(2026, 11, 23), at(2026, 12, 9)), 11);
}

TEST(EnrolmentsAccessDelay, RoundsUpToWholeDays) {
  const long long now = 1'800'000'000;
  EXPECT_EQ(access_delay_days(now, now + 10 * 86400), 10);
  EXPECT_EQ(access_delay_days(now, now + 10 * 86400 + 1), 11);
  EXPECT_EQ(access_delay_days(now, now + 1), 1);
  EXPECT_EQ(access_delay_days(now, now), 0);
  EXPECT_EQ(access_delay_days(now, now - 5000), 0);
}

TEST_F(EnrolmentsCalendar, EarlyRequestIsMoreThanFourCalendarMonths) {
  EXPECT_FALSE(early_request(at(2026, 1, 10), at(2026, 5, 10)));
  EXPECT_TRUE(early_request(at(2026, 1, 10), at(2026, 5, 11)));
  EXPECT_FALSE(early_request(at(2026, 1, 10), at(2026, 3, 1)));
  // 31 October + 4 months is the end of February.
  EXPECT_FALSE(early_request(at(2026, 10, 31), at(2027, 2, 28)));
  EXPECT_TRUE(early_request(at(2026, 10, 31), at(2027, 3, 1)));
  // Across the year.
  EXPECT_TRUE(early_request(at(2026, 11, 23), at(2027, 4, 1)));
  EXPECT_FALSE(early_request(at(2026, 11, 23), at(2027, 1, 22)));
}

TEST(EnrolmentsDeadline, SessionDeadlineOrDaysBeforeStart) {
  SessionInfo s;
  s.starts_at = 2'000'000'000;
  EXPECT_EQ(deadline_of(s, 7), s.starts_at - 7 * 86400);
  s.application_deadline = 1'900'000'000;
  EXPECT_EQ(deadline_of(s, 7), 1'900'000'000);
}

TEST(EnrolmentsAmounts, EurosAndHoursAsTyped) {
  EXPECT_EQ(parse_euros("1500"), 150000);
  EXPECT_EQ(parse_euros("1 500,5"), 150050);
  EXPECT_EQ(parse_euros("750.25"), 75025);
  EXPECT_EQ(parse_euros("750 €"), 75000);
  EXPECT_EQ(parse_euros("0"), 0);
  EXPECT_EQ(parse_euros(""), -1);
  EXPECT_EQ(parse_euros("-3"), -1);
  EXPECT_EQ(parse_euros("12,345"), -1);
  EXPECT_EQ(parse_euros("abc"), -1);
  EXPECT_EQ(parse_euros("12,"), -1);
  EXPECT_EQ(parse_hours("35"), 35 * 60);
  EXPECT_EQ(parse_hours("3h30"), 210);
  EXPECT_EQ(parse_hours("3 h"), 180);
  EXPECT_EQ(parse_hours("3,5"), 210);
  EXPECT_EQ(parse_hours(""), 0);
  EXPECT_EQ(parse_hours("3h75"), -1);
  EXPECT_EQ(parse_hours("x"), -1);
  EXPECT_EQ(format_euros(150000), "1\u202F500,00\u00A0€");
  EXPECT_EQ(format_euros(75025), "750,25\u00A0€");
  EXPECT_EQ(format_hours(4200), "70\u00A0h");
  EXPECT_EQ(format_hours(210), "3\u00A0h\u00A030");
}

TEST(EnrolmentsPhone, OptionalAndPlausible) {
  EXPECT_TRUE(plausible_phone(""));
  EXPECT_TRUE(plausible_phone("06 12 34 56 78"));
  EXPECT_TRUE(plausible_phone("+33 6 12 34 56 78"));
  EXPECT_TRUE(plausible_phone("02.40.12.34.56"));
  EXPECT_TRUE(plausible_phone("(0)2-40-12-34-56"));
  EXPECT_FALSE(plausible_phone("06 12 ab"));
  EXPECT_FALSE(plausible_phone("1234567"));             // 7 digits
  EXPECT_FALSE(plausible_phone("1234567890123456"));    // 16 digits
  EXPECT_FALSE(plausible_phone("06 12 34 56 78 +"));    // "+" only at the start
  EXPECT_FALSE(plausible_phone(std::string(31, '1')));  // too long
}

// A funder owes the share of its amount that the attended minutes make of the minutes it covers (the
// planned length when it covers the whole session), never more than its amount.
TEST(Enrolments, ProratedDue) {
  EXPECT_EQ(prorated_due(150000, 1260, 0, 2520), 75000);    // half the planned length attended
  EXPECT_EQ(prorated_due(150000, 2520, 0, 2520), 150000);   // all of it
  EXPECT_EQ(prorated_due(150000, 3000, 0, 2520), 150000);   // more than planned: the amount, no more
  EXPECT_EQ(prorated_due(90000, 600, 1200, 2520), 45000);   // a line covering 1 200 minutes only
  EXPECT_EQ(prorated_due(90000, 2520, 1200, 2520), 90000);  // attended beyond what it covers
  EXPECT_EQ(prorated_due(100000, 0, 0, 2520), 0);           // absent throughout
  EXPECT_EQ(prorated_due(100000, 100, 0, 0), 0);            // no half-day planned
  EXPECT_EQ(prorated_due(100, 1, 0, 3), 33);                // cents round down
}
