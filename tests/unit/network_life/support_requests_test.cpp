// Support requests (src/network_life/support_requests): the input checks of a request, an appointment and
// a closing (the message key and the field at fault), and the fixed outcome categories.
#include <gtest/gtest.h>

#include "network_life/support_requests/service.hpp"

using namespace trame::support_requests;

TEST(SupportRequestsRules, Request) {
  RequestInput ok{"", "1", "Monter le dispositif", "Notre centre social…", "Familles", "Avant l'été"};
  EXPECT_TRUE(check_request(ok).ok);
  auto r = ok;
  r.subject = "   ";
  EXPECT_EQ(check_request(r).error, "support_requests.errors.subject");
  EXPECT_EQ(check_request(r).field, "subject");
  r = ok;
  r.subject = std::string(201, 'a');
  EXPECT_EQ(check_request(r).error, "support_requests.errors.subject_long");
  r = ok;
  r.subject = std::string(200, 'a');
  EXPECT_TRUE(check_request(r).ok);
  r.subject = "";
  for (int i = 0; i < 200; ++i) r.subject += "é";  // characters, not bytes
  EXPECT_TRUE(check_request(r).ok);
  r = ok;
  r.context = "";
  EXPECT_EQ(check_request(r).field, "context");
  r = ok;
  r.audience = "";
  EXPECT_TRUE(check_request(r).ok);  // optional
  r = ok;
  r.wished_period = "";
  EXPECT_EQ(check_request(r).field, "wished_period");
}

TEST(SupportRequestsRules, Appointment) {
  long long at = 0;
  EXPECT_TRUE(check_appointment({"2030-03-01T10:00", "Vitry", false}, at).ok);
  EXPECT_GT(at, 0);
  EXPECT_TRUE(check_appointment({"2030-03-01T10:00", "", true}, at).ok);
  EXPECT_EQ(check_appointment({"2030-03-01T10:00", "  ", false}, at).field, "place");
  EXPECT_EQ(check_appointment({"demain", "Vitry", false}, at).field, "when");
  EXPECT_EQ(check_appointment({"2030-02-31T10:00", "Vitry", false}, at).field, "when");
  EXPECT_EQ(check_appointment({"2030-03-01T10:00", std::string(301, 'x'), false}, at).error,
            "support_requests.errors.place_long");
}

TEST(SupportRequestsRules, ClosingAndOutcomes) {
  EXPECT_EQ(outcomes().size(), 4u);
  for (const char* o : {"set_up", "improved", "redirected", "no_follow_up"}) EXPECT_TRUE(is_outcome(o));
  EXPECT_FALSE(is_outcome(""));
  EXPECT_FALSE(is_outcome("closed"));
  EXPECT_TRUE(check_closing("improved", "Une permanence mensuelle").ok);
  EXPECT_EQ(check_closing("bravo", "Bilan").field, "outcome");
  EXPECT_EQ(check_closing("improved", " ").field, "summary");
  EXPECT_EQ(check_closing("improved", std::string(1001, 'x')).error, "support_requests.errors.summary_long");
}
