// platform/core: the one parser of dates, months and clock times people type and the local day
// boundaries computed from them (Europe/Paris, across the changes of hour); the one "organisations
// this person may act for" type; the one XML escaper and choice check.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/permissions.hpp"
#include "platform/core/text.hpp"

using namespace trame;

namespace {
struct Paris {
  Paris() {
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
};
}  // namespace

TEST(Calendar, ParsesOnlyRealDates) {
  Paris paris;
  auto d = parse_date(" 2026-02-28 ");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2026);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 28);
  EXPECT_FALSE(parse_date("2026-02-29"));  // not a leap year
  EXPECT_TRUE(parse_date("2028-02-29"));
  EXPECT_FALSE(parse_date("2026-04-31"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("1999-12-31"));
  EXPECT_FALSE(parse_date("2026-1-05"));
  EXPECT_FALSE(parse_date("2026-01-05x"));
  EXPECT_FALSE(parse_date("+026-01-05"));
  EXPECT_FALSE(parse_date("05/01/2026"));
  EXPECT_FALSE(parse_date(""));
  EXPECT_EQ(iso_date(*parse_date("2026-03-09")), "2026-03-09");
}

TEST(Calendar, ParsesDatesOfBirthBefore2000) {
  auto d = parse_birth_date("1968-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 1968);
  EXPECT_EQ(d->day, 29);
  EXPECT_FALSE(parse_birth_date("1969-02-29"));  // not a leap year
  EXPECT_FALSE(parse_birth_date("1900-02-29"));  // divisible by 100, not by 400
  EXPECT_TRUE(parse_birth_date("2000-02-29"));
  EXPECT_FALSE(parse_birth_date("1899-12-31"));
  EXPECT_FALSE(parse_birth_date("1984-06-31"));
  EXPECT_FALSE(parse_birth_date("12/05/1984"));
}

TEST(Calendar, ParsesMonthsAndClockTimes) {
  Paris paris;
  auto m = parse_month("2026-12");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->month, 12);
  EXPECT_FALSE(parse_month("2026-00"));
  EXPECT_FALSE(parse_month("2026-1"));
  EXPECT_FALSE(parse_month("2026-12-01"));
  EXPECT_EQ(parse_clock("00:00"), 0);
  EXPECT_EQ(parse_clock("23:59"), 23 * 60 + 59);
  EXPECT_EQ(parse_clock("24:00"), -1);
  EXPECT_EQ(parse_clock("9:30"), -1);
  EXPECT_EQ(parse_clock("09:60"), -1);
  EXPECT_EQ(local_time(*parse_date("2026-12-03"), "14:30"), local_time(2026, 12, 3, 14, 30));
  EXPECT_EQ(local_time(*parse_date("2026-12-03"), "25:00"), -1);
}

TEST(Calendar, DayAndMonthBoundariesFollowTheChangesOfHour) {
  Paris paris;
  // 29 March 2026: clocks go forward, the day lasts 23 hours; 25 October 2026: 25 hours.
  Date spring{2026, 3, 29}, autumn{2026, 10, 25};
  EXPECT_EQ(next_day_start(spring) - day_start(spring), 23 * 3600);
  EXPECT_EQ(next_day_start(autumn) - day_start(autumn), 25 * 3600);
  EXPECT_EQ(next_day_start(Date{2026, 12, 31}), day_start(Date{2027, 1, 1}));
  EXPECT_EQ(next_month_start(2026, 12), month_start(2027, 1));
  EXPECT_EQ(next_month_start(2026, 2) - month_start(2026, 2), 28 * 86400);
  Date back = local_date(local_time(2026, 12, 3, 23, 59));
  EXPECT_EQ(iso_date(back), "2026-12-03");
  EXPECT_EQ(day_start(Date{2026, 2, 30}), -1);
}

TEST(Principal, ActsForTheOrganisationsWhereItHoldsThePermission) {
  Principal staff;
  staff.memberships = {{10, "Sagiterre", "training_staff"}, {20, "Relais", "referent"}, {10, "Sagiterre", "trainer"}};
  auto manage = staff.acting_for(perm::trainings_manage);
  EXPECT_FALSE(manage.all);
  EXPECT_EQ(manage.organisations, std::vector<long long>{10});
  EXPECT_TRUE(manage.covers(10));
  EXPECT_FALSE(manage.covers(20));
  EXPECT_TRUE(staff.acting_for(perm::outings_manage).none());
  EXPECT_EQ(staff.acting_for(perm::outings_book).organisations, std::vector<long long>{20});
  Principal admin;
  admin.memberships = {{1, "Département", "administrator"}};
  EXPECT_TRUE(admin.acting_for(perm::trainings_manage).all);
  EXPECT_TRUE(admin.acting_for(perm::trainings_manage).covers(999));
  EXPECT_EQ(admin.actor("127.0.0.1").ip, "127.0.0.1");
}

TEST(Permissions, AnAdministratorHoldsEveryPermissionButThePseudoOnesAndAnArtistsOwn) {
  const std::set<std::string> left_out{perm::public_access, perm::authenticated, perm::mfa_pending, perm::metrics,
                                       perm::allo_perform};
  for (const auto& p : all_permissions()) EXPECT_EQ(role_grants("administrator", p), !left_out.count(p)) << p;
  EXPECT_TRUE(role_grants("artist", perm::allo_perform));
  EXPECT_FALSE(role_grants("artist", perm::allo_program));
  EXPECT_FALSE(role_grants("administrator", "unknown.permission"));
}

TEST(Text, IsOneOf) {
  EXPECT_TRUE(is_one_of("b", {"a", "b"}));
  EXPECT_FALSE(is_one_of("B", {"a", "b"}));
  EXPECT_FALSE(is_one_of("", {"a", "b"}));
}

TEST(Text, XmlEscapeIsTheOneEscaper) {
  EXPECT_EQ(xml_escape("a<b>&\"c'd"), "a&lt;b&gt;&amp;&quot;c&#39;d");
  EXPECT_EQ(xml_escape(std::string("x\x01y\tz", 5)), "x y\tz");
  EXPECT_EQ(xml_escape("Théâtre"), "Théâtre");
}

TEST(Calendar, SecondsUntilANightlyHour) {
  Paris paris;
  long long evening = trame::local_time(2026, 12, 31, 22, 15);
  EXPECT_EQ(trame::seconds_until_local_hour(evening, 3), 4 * 3600 + 45 * 60);  // into the next year
  long long night = trame::local_time(2026, 12, 6, 2, 59);
  EXPECT_EQ(trame::seconds_until_local_hour(night, 3), 60);
  long long at = trame::local_time(2026, 12, 6, 3, 0);
  EXPECT_EQ(trame::seconds_until_local_hour(at, 3), 24 * 3600);     // strictly after: the next night
  long long before_change = trame::local_time(2027, 3, 27, 12, 0);  // the night of 28 March 2027 has 23 hours
  EXPECT_EQ(trame::seconds_until_local_hour(before_change, 3), 14 * 3600);
}
