// The general assembly's arithmetic (src/network_life/assembly/rules.hpp): fractions of the settings,
// quorum and majorities.
#include <gtest/gtest.h>

#include "network_life/assembly/rules.hpp"

using namespace trame::assembly;

TEST(AssemblyRules, ParsesFractions) {
  auto q = parse_fraction("1/4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->num, 1);
  EXPECT_EQ(q->den, 4);
  auto t = parse_fraction(" 2 / 3 ");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->num, 2);
  EXPECT_EQ(t->den, 3);
  EXPECT_FALSE(parse_fraction(""));
  EXPECT_FALSE(parse_fraction("simple"));
  EXPECT_FALSE(parse_fraction("0/4"));
  EXPECT_FALSE(parse_fraction("5/4"));
  EXPECT_FALSE(parse_fraction("1/0"));
  EXPECT_FALSE(parse_fraction("-1/4"));
  EXPECT_FALSE(parse_fraction("1/1000"));
}

TEST(AssemblyRules, QuorumIsTheCeilingOfTheFraction) {
  Fraction quarter{1, 4};
  EXPECT_EQ(quorum_needed(8, quarter), 2);
  EXPECT_EQ(quorum_needed(9, quarter), 3);  // 2.25 → 3
  EXPECT_EQ(quorum_needed(1, quarter), 1);
  EXPECT_EQ(quorum_needed(0, quarter), 1);
  EXPECT_TRUE(quorum_reached(8, 2, quarter));
  EXPECT_FALSE(quorum_reached(9, 2, quarter));
  EXPECT_TRUE(quorum_reached(9, 3, quarter));
  // Without members the quorum is never reached.
  EXPECT_FALSE(quorum_reached(0, 0, quarter));
  EXPECT_FALSE(quorum_reached(0, 5, quarter));
  Fraction half{1, 2};
  EXPECT_EQ(quorum_needed(10, half), 5);
  EXPECT_EQ(quorum_needed(11, half), 6);
}

TEST(AssemblyRules, VotesNeverExceedVoters) {
  EXPECT_TRUE(votes_valid({3, 1, 1}, 5));
  EXPECT_TRUE(votes_valid({2, 0, 0}, 5));  // some voters did not vote
  EXPECT_TRUE(votes_valid({0, 0, 0}, 0));
  EXPECT_FALSE(votes_valid({3, 2, 1}, 5));
  EXPECT_FALSE(votes_valid({1, 0, 0}, 0));
  EXPECT_FALSE(votes_valid({-1, 0, 0}, 5));
}

TEST(AssemblyRules, SimpleMajorityIgnoresAbstentions) {
  Fraction two_thirds{2, 3};
  EXPECT_TRUE(adopted({3, 2, 10}, false, two_thirds));
  EXPECT_FALSE(adopted({2, 2, 0}, false, two_thirds));  // a tie is rejected
  EXPECT_FALSE(adopted({2, 3, 0}, false, two_thirds));
  EXPECT_FALSE(adopted({0, 0, 5}, false, two_thirds));  // only abstentions: rejected
  EXPECT_TRUE(adopted({1, 0, 0}, false, two_thirds));
}

TEST(AssemblyRules, QualifiedMajorityOfVotesCast) {
  Fraction two_thirds{2, 3};
  EXPECT_TRUE(adopted({2, 1, 0}, true, two_thirds));   // exactly 2/3
  EXPECT_FALSE(adopted({3, 2, 0}, true, two_thirds));  // 60 %
  EXPECT_TRUE(adopted({6, 3, 4}, true, two_thirds));   // abstentions not counted
  EXPECT_FALSE(adopted({0, 0, 3}, true, two_thirds));
  Fraction three_quarters{3, 4};
  EXPECT_FALSE(adopted({2, 1, 0}, true, three_quarters));
  EXPECT_TRUE(adopted({3, 1, 0}, true, three_quarters));
}
