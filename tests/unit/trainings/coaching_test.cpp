// The coaching module's transition table (src/trainings/coaching/rules.hpp): who may move a request where,
// and the French refusal (a catalogue key) of everything else.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "trainings/coaching/rules.hpp"

using namespace trame::coaching;

namespace {
const std::string kStatuses[] = {"open", "proposed", "accepted", "reschedule", "resolved", "no_follow_up"};
const Action kActions[] = {Action::propose, Action::accept,  Action::reschedule,
                           Action::note,    Action::resolve, Action::drop};
}  // namespace

TEST(CoachingRules, TheCycleOfARequest) {
  EXPECT_EQ(next_status("open", Action::propose, Side::staff), "proposed");
  EXPECT_EQ(next_status("proposed", Action::reschedule, Side::trainee), "reschedule");
  EXPECT_EQ(next_status("reschedule", Action::propose, Side::staff), "proposed");
  EXPECT_EQ(next_status("proposed", Action::accept, Side::trainee), "accepted");
  EXPECT_EQ(next_status("accepted", Action::note, Side::staff), "accepted");
  EXPECT_EQ(next_status("accepted", Action::note, Side::trainee), "accepted");
  EXPECT_EQ(next_status("accepted", Action::propose, Side::staff), "proposed");
  EXPECT_EQ(next_status("accepted", Action::resolve, Side::staff), "resolved");
  EXPECT_EQ(next_status("open", Action::drop, Side::trainee), "no_follow_up");
}

TEST(CoachingRules, OnlyTheStaffProposesAndOnlyTheTraineeAnswers) {
  EXPECT_EQ(refusal("open", Action::propose, Side::trainee), "coaching.errors.propose_staff");
  EXPECT_EQ(refusal("proposed", Action::accept, Side::staff), "coaching.errors.answer_trainee");
  EXPECT_EQ(refusal("proposed", Action::reschedule, Side::staff), "coaching.errors.answer_trainee");
  EXPECT_EQ(refusal("proposed", Action::accept, Side::trainee), "");
}

TEST(CoachingRules, NoAnswerWithoutAProposal) {
  for (const std::string s : {"open", "accepted", "reschedule"}) {
    EXPECT_EQ(refusal(s, Action::accept, Side::trainee), "coaching.errors.no_proposal") << s;
    EXPECT_EQ(refusal(s, Action::reschedule, Side::trainee), "coaching.errors.no_proposal") << s;
  }
}

TEST(CoachingRules, AClosedRequestNeverMoves) {
  for (const std::string s : {"resolved", "no_follow_up"})
    for (Action a : kActions)
      for (Side side : {Side::staff, Side::trainee}) {
        EXPECT_EQ(refusal(s, a, side), "coaching.errors.closed") << s;
        EXPECT_EQ(next_status(s, a, side), s);
      }
}

TEST(CoachingRules, TheTableAndTheRefusalsAgree) {
  std::set<std::string> reached;
  for (const auto& t : transitions()) {
    EXPECT_TRUE(valid_status(t.from)) << t.from;
    EXPECT_TRUE(valid_status(t.to)) << t.to;
    EXPECT_FALSE(closed_status(t.from)) << t.from;
    reached.insert(t.to);
  }
  EXPECT_EQ(reached.size(), 6u);  // every status but none other is reached
  for (const auto& s : kStatuses)
    for (Action a : kActions)
      for (Side side : {Side::staff, Side::trainee}) {
        const std::string why = refusal(s, a, side);
        if (why.empty()) EXPECT_NE(next_status(s, a, side), "") << s;
        else EXPECT_EQ(next_status(s, a, side), s) << s << " refused: " << why;
      }
  EXPECT_EQ(refusal("lost", Action::note, Side::staff), "coaching.errors.status");
}

TEST(CoachingRules, ModesAndPlaces) {
  EXPECT_TRUE(valid_mode("visio"));
  EXPECT_TRUE(valid_mode("phone"));
  EXPECT_TRUE(valid_mode("onsite"));
  EXPECT_FALSE(valid_mode("any"));
  EXPECT_TRUE(valid_preference("any"));
  EXPECT_FALSE(valid_preference("pigeon"));
  EXPECT_TRUE(needs_place("onsite"));
  EXPECT_TRUE(needs_place("visio"));
  EXPECT_FALSE(needs_place("phone"));
  EXPECT_TRUE(waiting_for_staff("open"));
  EXPECT_TRUE(waiting_for_staff("reschedule"));
  EXPECT_FALSE(waiting_for_staff("proposed"));
}
