// The booking state machine's transition table and booking codes.
#include <gtest/gtest.h>

#include <algorithm>

#include "outings/bookings/model.hpp"
#include "outings/bookings/repository.hpp"
#include "platform/core/outcome.hpp"

using namespace trame::bookings;

TEST(BookingStateMachine, AllowsTheDocumentedMoves) {
  EXPECT_TRUE(transition_allowed("requested", "confirmed"));
  EXPECT_TRUE(transition_allowed("requested", "waiting"));
  EXPECT_TRUE(transition_allowed("requested", "cancelled", "draw_rejected"));
  EXPECT_TRUE(transition_allowed("waiting", "offered"));
  EXPECT_TRUE(transition_allowed("waiting", "cancelled", "referent"));
  EXPECT_TRUE(transition_allowed("offered", "confirmed"));
  EXPECT_TRUE(transition_allowed("offered", "cancelled", "expired"));
  EXPECT_TRUE(transition_allowed("confirmed", "used"));
  EXPECT_TRUE(transition_allowed("confirmed", "no_show"));
  for (const char* reason : {"referent", "venue", "event_cancelled", "late"})
    EXPECT_TRUE(transition_allowed("confirmed", "cancelled", reason)) << reason;
  EXPECT_TRUE(transition_allowed("used", "confirmed"));
  EXPECT_TRUE(transition_allowed("no_show", "confirmed"));
}

TEST(BookingStateMachine, RefusesEverythingElse) {
  EXPECT_FALSE(transition_allowed("cancelled", "confirmed"));
  EXPECT_FALSE(transition_allowed("cancelled", "waiting"));
  EXPECT_FALSE(transition_allowed("waiting", "confirmed"));
  EXPECT_FALSE(transition_allowed("requested", "used"));
  EXPECT_FALSE(transition_allowed("used", "no_show"));
  EXPECT_FALSE(transition_allowed("no_show", "used"));
  EXPECT_FALSE(transition_allowed("used", "cancelled", "late"));
  // Cancelling needs a reason allowed from that status.
  EXPECT_FALSE(transition_allowed("confirmed", "cancelled"));
  EXPECT_FALSE(transition_allowed("confirmed", "cancelled", "draw_rejected"));
  EXPECT_FALSE(transition_allowed("confirmed", "cancelled", "expired"));
  EXPECT_FALSE(transition_allowed("requested", "cancelled", "late"));
  // Other moves take no reason.
  EXPECT_FALSE(transition_allowed("confirmed", "used", "late"));
  EXPECT_FALSE(transition_allowed("unknown", "confirmed"));
  EXPECT_TRUE(next_statuses("cancelled").empty());
}

// Every change of a booking's status goes through Repository::change_status, which checks the table
// before it writes anything: an illegal move is refused (the session is never used, so none is open).
TEST(BookingStateMachine, TheOneStatusChangeRefusesAnIllegalMove) {
  Repository repo;
  soci::session sql;
  auto refusal = [&](StatusChange change) -> std::string {
    try {
      repo.change_status(sql, 1, change);
    } catch (const trame::Rollback& r) {
      return r.outcome.error;
    }
    return "not refused";
  };
  EXPECT_EQ(refusal(StatusChange{"cancelled", "confirmed", "", 0}), "bookings.errors.transition");
  EXPECT_EQ(refusal(StatusChange{"waiting", "confirmed", "", 0}), "bookings.errors.transition");
  EXPECT_EQ(refusal(StatusChange{"used", "no_show", "", 0}), "bookings.errors.transition");
  EXPECT_EQ(refusal(StatusChange{"confirmed", "cancelled", "expired", 0}), "bookings.errors.transition");
}

TEST(BookingStateMachine, EveryTableEntryUsesKnownStatusesAndReasons) {
  const auto& statuses = booking_statuses();
  const auto& reasons = cancel_reasons();
  for (const auto& t : transitions()) {
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), t.from), statuses.end()) << t.from;
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), t.to), statuses.end()) << t.to;
    EXPECT_EQ(std::string(t.to) == "cancelled", !t.reasons.empty()) << t.from << "→" << t.to;
    for (const auto& r : t.reasons) EXPECT_NE(std::find(reasons.begin(), reasons.end(), r), reasons.end()) << r;
  }
}

TEST(BookingStateMachine, PlacesAreHeldByOfferedConfirmedUsedAndNoShow) {
  EXPECT_TRUE(holds_place("offered"));
  EXPECT_TRUE(holds_place("confirmed"));
  EXPECT_TRUE(holds_place("used"));
  EXPECT_TRUE(holds_place("no_show"));
  EXPECT_FALSE(holds_place("requested"));
  EXPECT_FALSE(holds_place("waiting"));
  EXPECT_FALSE(holds_place("cancelled"));
}

TEST(BookingCode, FormatAndValidation) {
  EXPECT_EQ(format_booking_code("ACDEFGHJ"), "ACDE-FGHJ");
  EXPECT_TRUE(valid_booking_code("ACDE-FGHJ"));
  EXPECT_FALSE(valid_booking_code("ACDEFGHJ"));
  EXPECT_FALSE(valid_booking_code("AC0E-FGHJ"));  // 0 is ambiguous, never used
  EXPECT_FALSE(valid_booking_code("ACDE-FGHI"));  // I neither
  std::string alphabet = kCodeAlphabet;
  for (char c : std::string("01OIL5S2Z8BUV")) EXPECT_EQ(alphabet.find(c), std::string::npos) << c;
}
