// Campaigns: reminder days, e-mail lists typed by a manager, Paris local times, the dates of the
// evaluation cycle of a session.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "platform/core/calendar.hpp"
#include "questionnaires/campaigns/service.hpp"

using namespace trame::campaigns;
using trame::Date;
using trame::local_time;

namespace {

class CampaignsParis : public ::testing::Test {
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
  std::string saved_;
  bool had_ = false;
};

}  // namespace

TEST(Campaigns, ReminderDays) {
  EXPECT_EQ(*parse_reminder_days("3,7"), (std::vector<long long>{3, 7}));
  EXPECT_EQ(*parse_reminder_days(" 2 , 5 ,10 "), (std::vector<long long>{2, 5, 10}));
  EXPECT_TRUE(parse_reminder_days("")->empty());
  EXPECT_FALSE(parse_reminder_days("7,3"));
  EXPECT_FALSE(parse_reminder_days("3,3"));
  EXPECT_FALSE(parse_reminder_days("0"));
  EXPECT_FALSE(parse_reminder_days("400"));
  EXPECT_FALSE(parse_reminder_days("3,,7"));
  EXPECT_FALSE(parse_reminder_days("trois"));
  EXPECT_FALSE(parse_reminder_days("-3"));
  EXPECT_FALSE(parse_reminder_days("1,2,3,4,5,6"));
}

TEST(Campaigns, EmailList) {
  auto list =
      parse_emails("Financeur@Example.org\n\n  autre@example.org ; financeur@example.org,trois@example.org\r\n");
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, (std::vector<std::string>{"financeur@example.org", "autre@example.org", "trois@example.org"}));
  std::string bad;
  EXPECT_FALSE(parse_emails("ok@example.org\npas une adresse\n", &bad));
  EXPECT_EQ(bad, "pas une adresse");
  EXPECT_TRUE(parse_emails("  \n")->empty());
}

TEST_F(CampaignsParis, CycleDates) {
  const long long start = local_time(Date{2027, 3, 8}, "09:00");
  const long long end = local_time(Date{2027, 3, 10}, "17:00");
  auto d = cycle_dates(start, end);
  EXPECT_EQ(d["positioning"], start - 7 * 86400);
  EXPECT_EQ(d["end"], local_time(Date{2027, 3, 10}, "09:00"));
  EXPECT_EQ(d["trainer"], end);
  EXPECT_EQ(d["followup"], end + 30 * 86400);
  // A session ending before 09:00 on its last day: the end-of-course questionnaire goes at its end.
  const long long early = local_time(Date{2027, 3, 10}, "08:00");
  EXPECT_EQ(cycle_dates(start, early)["end"], early);
}
