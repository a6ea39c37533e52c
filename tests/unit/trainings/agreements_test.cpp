// Agreements' pure rules: the end of a training contract's withdrawal period (Code du travail L6353-5,
// counted as articles 641 and 642 of the Code de procédure civile count a period in days), and the
// sections a version keeps as text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "platform/core/calendar.hpp"
#include "trainings/agreements/document.hpp"
#include "trainings/agreements/rules.hpp"

using namespace trame::agreements;

namespace {

class AgreementsWithdrawal : public ::testing::Test {
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
  // Unix time of a Paris wall-clock moment.
  static long long at(int y, int m, int d, int h = 12, int mi = 0) { return trame::local_time(y, m, d, h, mi); }

 private:
  std::string saved_;
  bool had_ = false;
};

}  // namespace

TEST_F(AgreementsWithdrawal, TenthDayAfterTheSignatureOnAWeekday) {
  // Signed on Monday 1 March 2027: the day of signature does not count; the tenth day is Thursday 11 March.
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 1, 10)), "2027-03-11");
  // The period ends at midnight, Paris time, after that day.
  EXPECT_EQ(withdrawal_end(at(2027, 3, 1, 10)), at(2027, 3, 12, 0, 0));
}

TEST_F(AgreementsWithdrawal, LateEveningStillCountsAsThatParisDay) {
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 1, 23, 50)), "2027-03-11");
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 2, 0, 5)), "2027-03-12");
}

TEST_F(AgreementsWithdrawal, SaturdayAndSundayMoveToMonday) {
  // Signed Wednesday 3 March 2027: the tenth day is Saturday 13 March → Monday 15 March.
  EXPECT_EQ(weekday_of("2027-03-13"), 6);
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 3)), "2027-03-15");
  // Signed Thursday 4 March: Sunday 14 March → Monday 15 March.
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 4)), "2027-03-15");
  EXPECT_EQ(withdrawal_end(at(2027, 3, 4)), at(2027, 3, 16, 0, 0));
}

TEST_F(AgreementsWithdrawal, PublicHolidaysMoveToTheNextWorkingDay) {
  // Easter Monday 2027 is 29 March: signed Friday 19 March → Tuesday 30 March.
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 19)), "2027-03-30");
  // 14 July 2027 is a Wednesday: signed Sunday 4 July → Thursday 15 July.
  EXPECT_EQ(withdrawal_last_day(at(2027, 7, 4)), "2027-07-15");
  // 1 May 2027 is a Saturday, then Sunday: signed Wednesday 21 April → Monday 3 May.
  EXPECT_EQ(withdrawal_last_day(at(2027, 4, 21)), "2027-05-03");
  // 8 May 2027 (Saturday), 9 (Sunday): signed Wednesday 28 April → Monday 10 May.
  EXPECT_EQ(withdrawal_last_day(at(2027, 4, 28)), "2027-05-10");
  // Christmas 2026 is a Friday: signed Tuesday 15 December 2026 → Saturday 26, Sunday 27 → Monday 28.
  EXPECT_EQ(withdrawal_last_day(at(2026, 12, 15)), "2026-12-28");
}

TEST_F(AgreementsWithdrawal, AcrossAChangeOfTime) {
  // Summer time starts on Sunday 28 March 2027: signed Thursday 25 March → Sunday 4 April → Monday 5 April.
  EXPECT_EQ(withdrawal_last_day(at(2027, 3, 25)), "2027-04-05");
  EXPECT_EQ(withdrawal_end(at(2027, 3, 25)), at(2027, 4, 6, 0, 0));
  // Winter time starts on Sunday 31 October 2027: signed Friday 22 October → Monday 1 November (All Saints')
  // → Tuesday 2 November.
  EXPECT_EQ(withdrawal_last_day(at(2027, 10, 22)), "2027-11-02");
}

TEST(AgreementsSections, SerialisedAndReadBack) {
  std::vector<Section> sections = {{"Article 1 — Objet", {"Intitulé : X", "ligne 1\nligne 2"}},
                                   {"Signatures", {"Fait à Nantes\n\nle 1er mars"}}};
  auto back = parse_sections(serialise_sections(sections));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].heading, "Article 1 — Objet");
  ASSERT_EQ(back[0].paragraphs.size(), 2u);
  EXPECT_EQ(back[0].paragraphs[1], "ligne 1\nligne 2");
  ASSERT_EQ(back[1].paragraphs.size(), 1u);
  EXPECT_EQ(back[1].paragraphs[0], "Fait à Nantes\nle 1er mars");
}
