// Events' pure rules (src/network_life/events/model.hpp): when the online link is open, why a
// registration is refused, the status a new registration gets, capacities, links, the reminder's window.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "network_life/events/model.hpp"
#include "platform/core/calendar.hpp"

namespace trame::events {

namespace {
struct Paris {
  Paris() {
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
};
}  // namespace

TEST(EventsLink, OpenTheDayBeforeAndOnTheDay) {
  Paris paris;
  long long starts = local_time(2027, 3, 10, 14, 0), ends = local_time(2027, 3, 10, 16, 0);
  EXPECT_FALSE(link_open(local_time(2027, 3, 8, 23, 59), starts, ends));
  EXPECT_TRUE(link_open(local_time(2027, 3, 9, 0, 0), starts, ends));
  EXPECT_TRUE(link_open(local_time(2027, 3, 9, 18, 0), starts, ends));
  EXPECT_TRUE(link_open(local_time(2027, 3, 10, 15, 0), starts, ends));
  EXPECT_TRUE(link_open(local_time(2027, 3, 10, 23, 59), starts, ends));
  EXPECT_FALSE(link_open(local_time(2027, 3, 11, 0, 0), starts, ends));
}

TEST(EventsLink, AcrossTheSummerTimeChange) {
  Paris paris;
  // Summer time starts on Sunday 28 March 2027: the day before is 23 hours long.
  long long starts = local_time(2027, 3, 29, 9, 0), ends = local_time(2027, 3, 29, 10, 0);
  EXPECT_TRUE(link_open(local_time(2027, 3, 28, 0, 30), starts, ends));
  EXPECT_FALSE(link_open(local_time(2027, 3, 27, 23, 30), starts, ends));
}

TEST(EventsRegistration, RefusedWhenCancelledStartedOrClosed) {
  Event e;
  e.starts_at = 1000;
  e.closes_at = 900;
  EXPECT_EQ(registration_refusal(e, 100), "");
  EXPECT_EQ(registration_refusal(e, 900), "events.errors.closed");
  EXPECT_EQ(registration_refusal(e, 1000), "events.errors.past");
  e.status = "cancelled";
  EXPECT_EQ(registration_refusal(e, 100), "events.errors.cancelled");
}

TEST(EventsRegistration, WaitingOnceFull) {
  EXPECT_EQ(status_for(0, 3), "registered");
  EXPECT_EQ(status_for(2, 3), "registered");
  EXPECT_EQ(status_for(3, 3), "waiting");
  EXPECT_EQ(status_for(7, 3), "waiting");
}

TEST(EventsForm, Capacities) {
  EXPECT_EQ(parse_capacity("1"), 1);
  EXPECT_EQ(parse_capacity("10000"), 10000);
  EXPECT_EQ(parse_capacity("0"), -1);
  EXPECT_EQ(parse_capacity("10001"), -1);
  EXPECT_EQ(parse_capacity("-3"), -1);
  EXPECT_EQ(parse_capacity("12 places"), -1);
  EXPECT_EQ(parse_capacity(""), -1);
}

TEST(EventsForm, WebAddresses) {
  EXPECT_TRUE(web_address("https://visio.example/cafe"));
  EXPECT_TRUE(web_address("http://meet.example.org/abc?x=1"));
  EXPECT_FALSE(web_address("visio.example/cafe"));
  EXPECT_FALSE(web_address("https://"));
  EXPECT_FALSE(web_address("https://a b"));
  EXPECT_FALSE(web_address("javascript:alert(1)"));
  EXPECT_FALSE(web_address("https://x\"onmouseover=1"));
}

TEST(EventsReminder, TwoDaysBeforeUntilTheStart) {
  long long starts = 10 * kDay;
  EXPECT_FALSE(reminder_due(starts - 2 * kDay - 1, starts));
  EXPECT_TRUE(reminder_due(starts - 2 * kDay, starts));
  EXPECT_TRUE(reminder_due(starts - 1, starts));
  EXPECT_FALSE(reminder_due(starts, starts));
}

}  // namespace trame::events
