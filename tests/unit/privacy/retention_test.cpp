// Retention's limits (src/privacy/retention): calendar months in Paris time, at midnight, the 31st
// clamped to the month's last day (a leap February included); the defaults and their setting keys.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "platform/core/calendar.hpp"
#include "privacy/retention/service.hpp"

using namespace trame;
using namespace trame::privacy::retention;

namespace {

template <class F>
void in_paris(F body) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  body();
  if (old) setenv("TZ", saved.c_str(), 1);
  else unsetenv("TZ");
  tzset();
}

Rule rule_of(long long value, const std::string& unit = "months") {
  Rule r;
  r.value = value;
  r.unit = unit;
  return r;
}

}  // namespace

TEST(Retention, CutoffIsCalendarMonthsAtParisMidnight) {
  in_paris([] {
    long long now = local_time(2026, 12, 6, 15, 30);
    EXPECT_EQ(local_day(cutoff_of(rule_of(24), now)), "2024-12-06");
    EXPECT_EQ(cutoff_of(rule_of(24), now), local_time(2024, 12, 6, 0, 0));
    EXPECT_EQ(local_day(cutoff_of(rule_of(3), now)), "2026-09-06");
    EXPECT_EQ(local_day(cutoff_of(rule_of(12), now)), "2025-12-06");
    // The 31st of a month: the last day of the shorter month; a leap February.
    EXPECT_EQ(local_day(cutoff_of(rule_of(3), local_time(2026, 5, 31, 12, 0))), "2026-02-28");
    EXPECT_EQ(local_day(cutoff_of(rule_of(3), local_time(2024, 5, 31, 12, 0))), "2024-02-29");
    EXPECT_EQ(local_day(cutoff_of(rule_of(1), local_time(2026, 1, 15, 12, 0))), "2025-12-15");
    EXPECT_EQ(cutoff_of(rule_of(10, "days"), now), now - 10 * 86400);
    // Years: twelve calendar months each (the trainees' files); the 29th of February of a leap year.
    EXPECT_EQ(local_day(cutoff_of(rule_of(6, "years"), now)), "2020-12-06");
    EXPECT_EQ(local_day(cutoff_of(rule_of(10, "years"), now)), "2016-12-06");
    EXPECT_EQ(local_day(cutoff_of(rule_of(6, "years"), local_time(2030, 2, 28, 9, 0))), "2024-02-28");
    EXPECT_EQ(local_day(cutoff_of(rule_of(1, "years"), local_time(2024, 2, 29, 9, 0))), "2023-02-28");
  });
}

TEST(Retention, DefaultsNameTheirSettings) {
  auto rules = default_rules();
  ASSERT_EQ(rules.size(), 7U);
  EXPECT_EQ(rules[0].setting, "retention.beneficiaries_months");
  EXPECT_EQ(rules[0].fallback, 24);
  EXPECT_EQ(rules[1].setting, "retention.applications_months");
  EXPECT_EQ(rules[1].fallback, 24);
  EXPECT_EQ(rules[2].setting, "retention.outbox_months");
  EXPECT_EQ(rules[2].fallback, 3);
  EXPECT_EQ(rules[3].setting, "retention.trainee_files_years");
  EXPECT_EQ(rules[3].fallback, 6);
  EXPECT_EQ(rules[3].unit, "years");
  EXPECT_EQ(rules[4].setting, "retention.trainee_files_esf_years");
  EXPECT_EQ(rules[4].fallback, 10);
  EXPECT_EQ(rules[5].setting, "retention.candidate_reports_after_appeal_days");
  EXPECT_EQ(rules[5].fallback, 60);
  EXPECT_EQ(rules[5].unit, "days");
  // The audit log last.
  EXPECT_EQ(rules[6].setting, "retention.audit_full_months");
  EXPECT_EQ(rules[6].fallback, 12);
  for (const auto& r : rules) EXPECT_EQ(r.value, r.fallback);
}
