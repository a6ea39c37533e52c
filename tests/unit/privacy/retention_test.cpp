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
  });
}

TEST(Retention, DefaultsNameTheirSettings) {
  auto rules = default_rules();
  ASSERT_EQ(rules.size(), 3U);
  EXPECT_EQ(rules[0].setting, "retention.beneficiaries_months");
  EXPECT_EQ(rules[0].fallback, 24);
  EXPECT_EQ(rules[1].setting, "retention.applications_months");
  EXPECT_EQ(rules[1].fallback, 24);
  EXPECT_EQ(rules[2].setting, "retention.outbox_months");
  EXPECT_EQ(rules[2].fallback, 3);
  for (const auto& r : rules) EXPECT_EQ(r.value, r.fallback);
}
