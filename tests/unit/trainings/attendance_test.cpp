// The pure rules of attendance sheets: the opening window, codes, statuses.
#include <gtest/gtest.h>

#include "trainings/attendance/rules.hpp"

using namespace trame::attendance;

TEST(AttendanceWindow, OpensThirtyMinutesBeforeTheStartUntilTheEnd) {
  const long long start = 1'800'000'000, end = start + 3 * 3600 + 30 * 60;
  EXPECT_EQ(sign_window(start - 31 * 60, start, end), Window::too_early);
  EXPECT_EQ(sign_window(start - 30 * 60 - 1, start, end), Window::too_early);
  EXPECT_EQ(sign_window(start - 30 * 60, start, end), Window::open);
  EXPECT_EQ(sign_window(start, start, end), Window::open);
  EXPECT_EQ(sign_window(end - 1, start, end), Window::open);
  EXPECT_EQ(sign_window(end, start, end), Window::ended);
  EXPECT_EQ(sign_window(end + 86400, start, end), Window::ended);
  EXPECT_EQ(sign_window(start - 86400, start, end), Window::too_early);
}

TEST(AttendanceCode, SixDigitsOnly) {
  EXPECT_TRUE(valid_code("012345"));
  EXPECT_FALSE(valid_code("12345"));
  EXPECT_FALSE(valid_code("1234567"));
  EXPECT_FALSE(valid_code("12a456"));
  EXPECT_FALSE(valid_code(""));
  EXPECT_EQ(normalise_code(" 123 456\n"), "123456");
  EXPECT_EQ(normalise_code("123-456"), "123456");
  EXPECT_TRUE(valid_code(normalise_code("123 456")));
}

TEST(AttendanceRules, StatusesCausesChannelsModes) {
  for (const char* s : {"present", "absent", "excused"}) EXPECT_TRUE(valid_status(s));
  EXPECT_FALSE(valid_status("late"));
  EXPECT_FALSE(valid_status(""));
  for (const char* c : {"health", "work", "personal", "content", "funding", "other"}) EXPECT_TRUE(valid_cause(c));
  EXPECT_FALSE(valid_cause(""));
  for (const char* c : {"phone", "email", "meeting", "letter"}) EXPECT_TRUE(valid_channel(c));
  EXPECT_FALSE(valid_channel("sms"));
  for (const char* m : {"meeting", "phone", "visio"}) EXPECT_TRUE(valid_mode(m));
  EXPECT_FALSE(valid_mode("letter"));
}

TEST(AttendanceRules, WhoMayDropOutAndSign) {
  EXPECT_TRUE(may_drop_out("admitted"));
  EXPECT_TRUE(may_drop_out("confirmed"));
  for (const char* s : {"submitted", "interview", "waiting", "refused", "withdrawn", "completed", "dropped_out"})
    EXPECT_FALSE(may_drop_out(s)) << s;
  EXPECT_TRUE(may_sign("confirmed"));
  EXPECT_TRUE(may_sign("admitted"));
  EXPECT_FALSE(may_sign("dropped_out"));
  EXPECT_FALSE(may_sign("waiting"));
}

TEST(AttendanceRules, HoursText) {
  EXPECT_EQ(hours_text(0), "0 h");
  EXPECT_EQ(hours_text(210), "3 h 30");
  EXPECT_EQ(hours_text(4200), "70 h");
  EXPECT_EQ(hours_text(185), "3 h 05");
}
