// The pure rules of cooperation actions: the progress roll-up (weighted mean of the children, cancelled
// children left out, recursively; no children, all cancelled, zero weights refused, deep trees, a cycle
// refused), the cycle check of a move, levels and heights, lateness and the status transitions.
#include <gtest/gtest.h>

#include <stdexcept>

#include "cooperation/actions/model.hpp"

using namespace trame::actions;

namespace {

Node leaf(long long id, long long parent, int progress, int weight = 1, const char* status = "in_progress") {
  return Node{id, parent, status, progress, weight};
}

}  // namespace

TEST(ActionsRollUp, EmptyTree) {
  EXPECT_TRUE(roll_up({}).empty());
}

TEST(ActionsRollUp, NoChildrenKeepsItsOwnProgress) {
  auto r = roll_up({leaf(1, 0, 35)});
  EXPECT_DOUBLE_EQ(r.at(1), 35.0);
}

TEST(ActionsRollUp, DoneLeafCountsAsHundred) {
  auto r = roll_up({leaf(1, 0, 40, 1, "done")});
  EXPECT_DOUBLE_EQ(r.at(1), 100.0);
}

TEST(ActionsRollUp, WeightedMeanOfChildren) {
  // (100*1 + 40*2 + 50*1) / 4 = 57.5
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 100, 1, "done"), leaf(3, 1, 40, 2), leaf(4, 1, 50, 1)});
  EXPECT_DOUBLE_EQ(r.at(1), 57.5);
  EXPECT_EQ(shown_progress(r.at(1)), 58);
}

TEST(ActionsRollUp, ParentOwnProgressIgnoredWhenItHasChildren) {
  auto r = roll_up({leaf(1, 0, 90), leaf(2, 1, 10)});
  EXPECT_DOUBLE_EQ(r.at(1), 10.0);
}

TEST(ActionsRollUp, CancelledChildrenLeftOut) {
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 80), leaf(3, 1, 0, 5, "cancelled")});
  EXPECT_DOUBLE_EQ(r.at(1), 80.0);
  // A cancelled child keeps its own value on its own line.
  EXPECT_DOUBLE_EQ(r.at(3), 0.0);
}

TEST(ActionsRollUp, AllChildrenCancelledCountsAsALeaf) {
  auto r = roll_up({leaf(1, 0, 25), leaf(2, 1, 80, 1, "cancelled"), leaf(3, 1, 10, 1, "cancelled")});
  EXPECT_DOUBLE_EQ(r.at(1), 25.0);
}

TEST(ActionsRollUp, CancelledSubtreeLeftOutWholeButComputedForItself) {
  // 2 is cancelled with children: its own line is its children's mean; 1 only counts 5.
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 0, 1, "cancelled"), leaf(3, 2, 60), leaf(4, 2, 20), leaf(5, 1, 30)});
  EXPECT_DOUBLE_EQ(r.at(2), 40.0);
  EXPECT_DOUBLE_EQ(r.at(1), 30.0);
}

TEST(ActionsRollUp, Recursive) {
  // 1 ← (2 ← (4: 100, 5: 0), 3: 50 weight 3): 2 = 50, 1 = (50*1 + 50*3) / 4 = 50
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 0), leaf(3, 1, 50, 3), leaf(4, 2, 100), leaf(5, 2, 0)});
  EXPECT_DOUBLE_EQ(r.at(2), 50.0);
  EXPECT_DOUBLE_EQ(r.at(1), 50.0);
  // A different mix: 4 at 60 → 2 = 30, 1 = (30 + 150) / 4 = 45
  r = roll_up({leaf(1, 0, 0), leaf(2, 1, 0), leaf(3, 1, 50, 3), leaf(4, 2, 60), leaf(5, 2, 0)});
  EXPECT_DOUBLE_EQ(r.at(1), 45.0);
}

TEST(ActionsRollUp, NoRoundingOnTheWayUp) {
  // Thirds all the way: 1/3 of 100 at the bottom, rounded only for display.
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 0), leaf(3, 2, 100), leaf(4, 2, 0), leaf(5, 2, 0)});
  EXPECT_NEAR(r.at(1), 100.0 / 3, 1e-9);
  EXPECT_EQ(shown_progress(r.at(1)), 33);
}

TEST(ActionsRollUp, ZeroOrNegativeWeightRefused) {
  EXPECT_THROW(roll_up({leaf(1, 0, 0), leaf(2, 1, 50, 0)}), std::invalid_argument);
  EXPECT_THROW(roll_up({leaf(1, 0, 0), leaf(2, 1, 50, -3)}), std::invalid_argument);
  // Even alone, or cancelled: a zero weight is never valid data.
  EXPECT_THROW(roll_up({leaf(1, 0, 50, 0, "cancelled")}), std::invalid_argument);
}

TEST(ActionsRollUp, CycleRefused) {
  EXPECT_THROW(roll_up({leaf(1, 2, 0), leaf(2, 1, 0)}), std::invalid_argument);
  EXPECT_THROW(roll_up({leaf(1, 0, 0), leaf(2, 3, 0), leaf(3, 2, 0)}), std::invalid_argument);
  EXPECT_THROW(roll_up({leaf(1, 1, 0)}), std::invalid_argument);
}

TEST(ActionsRollUp, MissingParentIsARoot) {
  auto r = roll_up({leaf(2, 99, 70)});
  EXPECT_DOUBLE_EQ(r.at(2), 70.0);
}

TEST(ActionsRollUp, DeepChainDoesNotExhaustTheStack) {
  // 200,000 levels: computed without recursion; the bottom's value reaches the top.
  std::vector<Node> nodes;
  const long long n = 200000;
  for (long long i = 1; i <= n; ++i) nodes.push_back(leaf(i, i - 1, 0));
  nodes.back().progress = 64;
  auto r = roll_up(nodes);
  EXPECT_DOUBLE_EQ(r.at(1), 64.0);
  EXPECT_DOUBLE_EQ(r.at(n / 2), 64.0);
}

TEST(ActionsRollUp, WideTree) {
  std::vector<Node> nodes = {leaf(1, 0, 0)};
  for (long long i = 2; i <= 1001; ++i) nodes.push_back(leaf(i, 1, i % 2 ? 100 : 0));
  auto r = roll_up(nodes);
  EXPECT_DOUBLE_EQ(r.at(1), 50.0);
}

TEST(ActionsRollUp, ProgressClampedOnLeaves) {
  auto r = roll_up({leaf(1, 0, 0), leaf(2, 1, 150), leaf(3, 1, -20)});
  EXPECT_DOUBLE_EQ(r.at(2), 100.0);
  EXPECT_DOUBLE_EQ(r.at(3), 0.0);
  EXPECT_DOUBLE_EQ(r.at(1), 50.0);
}

TEST(ActionsCycle, ItselfAndDescendantsRefused) {
  // 1 ← 2 ← 3, 1 ← 4
  std::map<long long, long long> parents = {{1, 0}, {2, 1}, {3, 2}, {4, 1}};
  EXPECT_TRUE(would_cycle(parents, 1, 1));
  EXPECT_TRUE(would_cycle(parents, 1, 2));
  EXPECT_TRUE(would_cycle(parents, 1, 3));
  EXPECT_TRUE(would_cycle(parents, 2, 3));
  EXPECT_FALSE(would_cycle(parents, 3, 4));  // a cousin
  EXPECT_FALSE(would_cycle(parents, 2, 4));
  EXPECT_FALSE(would_cycle(parents, 3, 1));  // up to an ancestor
  EXPECT_FALSE(would_cycle(parents, 2, 0));  // a root
}

TEST(ActionsCycle, TwoMovesThatTogetherLoop) {
  // A under B is fine; after it, B under A is a cycle.
  std::map<long long, long long> parents = {{10, 0}, {20, 0}};
  EXPECT_FALSE(would_cycle(parents, 10, 20));
  parents[10] = 20;
  EXPECT_TRUE(would_cycle(parents, 20, 10));
}

TEST(ActionsCycle, AnExistingLoopIsRefusedNotFollowedForever) {
  std::map<long long, long long> parents = {{1, 2}, {2, 1}, {3, 0}};
  EXPECT_TRUE(would_cycle(parents, 3, 1));
}

TEST(ActionsLevels, LevelAndHeight) {
  std::map<long long, long long> parents = {{1, 0}, {2, 1}, {3, 2}, {4, 1}};
  EXPECT_EQ(level(parents, 1), 0);
  EXPECT_EQ(level(parents, 3), 2);
  EXPECT_EQ(height(parents, 1), 2);
  EXPECT_EQ(height(parents, 2), 1);
  EXPECT_EQ(height(parents, 3), 0);
  EXPECT_EQ(height(parents, 4), 0);
}

TEST(ActionsLevels, BoundedOnLoopsAndDeepChains) {
  std::map<long long, long long> loop = {{1, 2}, {2, 1}};
  EXPECT_EQ(level(loop, 1), kMaxLevel + 1);
  std::map<long long, long long> chain;
  for (long long i = 1; i <= 50; ++i) chain[i] = i - 1;
  EXPECT_EQ(level(chain, 50), kMaxLevel + 1);
  EXPECT_EQ(height(chain, 1), kMaxLevel + 1);
}

TEST(ActionsLate, DuePassedAndNotDone) {
  EXPECT_TRUE(is_late("2026-01-10", "in_progress", "2026-01-11"));
  EXPECT_TRUE(is_late("2026-01-10", "planned", "2026-02-01"));
  EXPECT_FALSE(is_late("2026-01-10", "in_progress", "2026-01-10"));  // due today: not yet late
  EXPECT_FALSE(is_late("2026-01-10", "done", "2026-02-01"));
  EXPECT_FALSE(is_late("2026-01-10", "cancelled", "2026-02-01"));
  EXPECT_FALSE(is_late("", "planned", "2026-02-01"));
}

TEST(ActionsStatus, TransitionTable) {
  EXPECT_TRUE(transition_allowed("planned", "in_progress"));
  EXPECT_TRUE(transition_allowed("planned", "done"));
  EXPECT_TRUE(transition_allowed("in_progress", "planned"));
  EXPECT_TRUE(transition_allowed("done", "in_progress"));
  EXPECT_TRUE(transition_allowed("cancelled", "planned"));
  EXPECT_TRUE(transition_allowed("in_progress", "in_progress"));  // progress only
  EXPECT_FALSE(transition_allowed("done", "cancelled"));
  EXPECT_FALSE(transition_allowed("done", "planned"));
  EXPECT_FALSE(transition_allowed("cancelled", "done"));
  EXPECT_FALSE(transition_allowed("cancelled", "in_progress"));
  EXPECT_FALSE(transition_allowed("unknown", "unknown"));
  EXPECT_FALSE(transition_allowed("planned", "archived"));
  for (const auto& t : transitions()) {
    EXPECT_NE(std::find(statuses().begin(), statuses().end(), t.from), statuses().end());
    EXPECT_NE(std::find(statuses().begin(), statuses().end(), t.to), statuses().end());
  }
}

TEST(ActionsProgress, ShownRounded) {
  EXPECT_EQ(shown_progress(0), 0);
  EXPECT_EQ(shown_progress(57.5), 58);
  EXPECT_EQ(shown_progress(99.4), 99);
  EXPECT_EQ(shown_progress(100), 100);
  EXPECT_EQ(shown_progress(130), 100);
}
