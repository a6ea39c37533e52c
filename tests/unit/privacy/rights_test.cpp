// People's rights: the one-month deadline (GDPR art. 12(3)), the days left, the moves of a request and the
// tables an erasure keeps (src/privacy/rights/rules.hpp).
#include <gtest/gtest.h>

#include "platform/core/calendar.hpp"
#include "privacy/rights/rules.hpp"

using namespace trame;
using namespace trame::privacy::rights;

TEST(PrivacyRights, TheDeadlineIsTheEndOfTheSameDayOneMonthLater) {
  long long received = local_time(2026, 3, 15, 10, 30);
  EXPECT_EQ(local_day(due_at(received)), "2026-04-15");
  EXPECT_EQ(format_local(due_at(received), "%H:%M:%S"), "23:59:59");
  // A shorter next month: its last day.
  EXPECT_EQ(local_day(due_at(local_time(2026, 1, 31, 9, 0))), "2026-02-28");
  EXPECT_EQ(local_day(due_at(local_time(2028, 1, 31, 9, 0))), "2028-02-29");
  // December: January of the next year.
  EXPECT_EQ(local_day(due_at(local_time(2026, 12, 6, 9, 0))), "2027-01-06");
}

TEST(PrivacyRights, AnExtensionMakesItThreeMonthsOnceAndOnlyWithinTheFirstMonth) {
  long long received = local_time(2026, 11, 30, 10, 0);
  // Three calendar months, across the year; a shorter month gives its last day.
  EXPECT_EQ(local_day(extended_due_at(received)), "2027-02-28");
  EXPECT_EQ(local_day(extended_due_at(local_time(2026, 3, 15, 9, 0))), "2026-06-15");
  EXPECT_EQ(format_local(extended_due_at(received), "%H:%M:%S"), "23:59:59");
  Request r;
  r.status = "received";
  r.received_at = received;
  EXPECT_TRUE(extendable(r, received));
  EXPECT_TRUE(extendable(r, due_at(received)));       // the last second of the first month
  EXPECT_FALSE(extendable(r, due_at(received) + 1));  // told too late
  r.status = "in_progress";
  EXPECT_TRUE(extendable(r, received + 86400));
  r.extended_at = received + 86400;
  EXPECT_FALSE(extendable(r, received + 2 * 86400));  // once
  r.extended_at = 0;
  r.status = "done";
  EXPECT_FALSE(extendable(r, received + 86400));  // closed
}

TEST(PrivacyRights, DaysLeftCountParisDaysAndGoNegativeWhenOverdue) {
  long long due = due_at(local_time(2026, 12, 6, 9, 0));  // 6 January 2027, end of day
  EXPECT_EQ(days_left(due, local_time(2026, 12, 6, 9, 0)), 31);
  EXPECT_EQ(days_left(due, local_time(2027, 1, 6, 23, 0)), 0);
  EXPECT_EQ(days_left(due, local_time(2027, 1, 7, 0, 30)), -1);
  EXPECT_EQ(days_left(due, local_time(2027, 1, 10, 12, 0)), -4);
  // Across the spring clock change (a 23-hour day).
  long long spring = due_at(local_time(2026, 2, 28, 12, 0));  // 28 March 2026
  EXPECT_EQ(days_left(spring, local_time(2026, 3, 20, 12, 0)), 8);
  EXPECT_EQ(days_left(spring, local_time(2026, 4, 2, 12, 0)), -5);
}

TEST(PrivacyRights, ARequestMovesOnlyForwardAndStaysClosed) {
  EXPECT_TRUE(allowed_move("received", "in_progress"));
  EXPECT_TRUE(allowed_move("received", "done"));
  EXPECT_TRUE(allowed_move("in_progress", "refused"));
  EXPECT_FALSE(allowed_move("in_progress", "received"));
  EXPECT_FALSE(allowed_move("done", "refused"));
  EXPECT_FALSE(allowed_move("refused", "done"));
  EXPECT_FALSE(allowed_move("received", "received"));
  EXPECT_FALSE(allowed_move("received", "autre"));
  EXPECT_TRUE(open_status("received"));
  EXPECT_FALSE(open_status("done"));
  EXPECT_TRUE(valid_kind("erasure"));
  EXPECT_FALSE(valid_kind("access"));
}

TEST(PrivacyRights, TheLawsTablesAreKeptAndSecretsNeverExported) {
  for (const char* t : {"audit_log", "training_attendance", "training_agreements", "training_invoices"})
    EXPECT_TRUE(kept(t)) << t;
  for (const char* t : {"users", "training_applications", "mail_outbox", "bookings"}) EXPECT_FALSE(kept(t)) << t;
  EXPECT_TRUE(secret_column("password_hash"));
  EXPECT_TRUE(secret_column("totp_secret"));
  EXPECT_TRUE(secret_column("token_hash"));
  EXPECT_FALSE(secret_column("email"));
  EXPECT_EQ(domain_of("training_applications"), "trainings");
  EXPECT_EQ(domain_of("life_volunteer_hours"), "network_life");
  EXPECT_EQ(domain_of("users"), "platform");
}
