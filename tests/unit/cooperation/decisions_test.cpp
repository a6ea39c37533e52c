// The rule engine of decisions (src/cooperation/decisions/rules.hpp): every type's ballot checks and
// counts, with their edge cases (ties, quorum not reached, blocks, abstentions, all abstain, no vote,
// a changed vote counted once).
#include <gtest/gtest.h>

#include "cooperation/decisions/rules.hpp"

using trame::decisions::Value;
using namespace trame::decisions::rules;

namespace {

Params proposal(const std::string& reasons = "objections") {
  Params p;
  p.rule = "proposal";
  p.positions = {"agree", "abstain", "disagree", "block"};
  p.reasons = reasons;
  return p;
}
Params consent() {
  Params p;
  p.rule = "consent";
  p.positions = {"consent", "object"};
  p.reasons = "never";
  return p;
}
Params advice() {
  Params p;
  p.rule = "advice";
  p.positions = {"support", "reserve", "oppose"};
  p.reasons = "always";
  return p;
}
Params dots(long long allowance = 10) {
  Params p;
  p.rule = "dot_vote";
  p.options = {11, 12, 13};
  p.allowance = allowance;
  p.reasons = "never";
  return p;
}
Params scores() {
  Params p;
  p.rule = "score";
  p.options = {21, 22, 23};
  p.max_score = 5;
  p.reasons = "never";
  return p;
}
Params ranked(long long n = 2) {
  Params p;
  p.rule = "ranked_choice";
  p.options = {31, 32, 33, 34};
  p.rank_count = n;
  p.reasons = "never";
  return p;
}
Params poll() {
  Params p;
  p.rule = "time_poll";
  p.positions = {"yes", "maybe", "no"};
  p.options = {41, 42};
  p.reasons = "never";
  return p;
}

Ballot stance(const std::string& voter, const std::string& s, const std::string& reason = "",
              const std::string& harm = "") {
  Ballot b;
  b.voter = voter;
  b.stance = s;
  b.reason = reason;
  b.harm = harm;
  return b;
}
Ballot values(const std::string& voter, std::vector<Value> v) {
  Ballot b;
  b.voter = voter;
  b.values = std::move(v);
  return b;
}

Problem check(const Params& p, Ballot b) {
  return validate(p, b);
}

const OptionResult& result(const Tally& t, long long id) {
  for (const auto& r : t.options)
    if (r.option_id == id) return r;
  throw std::runtime_error("no option");
}

long long position(const Tally& t, const std::string& s) {
  for (const auto& c : t.positions)
    if (c.stance == s) return c.count;
  return -1;
}

const Quorum kNone{};

}  // namespace

// ---------------------------------------------------------------- validation

TEST(DecisionRules, UnknownRuleIsRefused) {
  Params p;
  p.rule = "lottery";
  EXPECT_EQ(check(p, stance("a", "agree")).key, "decisions.errors.rule");
  EXPECT_FALSE(known("lottery"));
  EXPECT_TRUE(known("ranked_choice"));
}

TEST(DecisionRules, ProposalPositionMustBeOneOfTheType) {
  auto p = proposal();
  EXPECT_TRUE(check(p, stance("a", "agree")).ok());
  auto bad = check(p, stance("a", "maybe"));
  EXPECT_EQ(bad.key, "decisions.errors.stance");
  EXPECT_EQ(bad.field, "stance");
  EXPECT_EQ(check(p, stance("a", "")).key, "decisions.errors.stance");
}

TEST(DecisionRules, ProposalReasonForDisagreeAndBlockOnly) {
  auto p = proposal("objections");
  EXPECT_TRUE(check(p, stance("a", "agree")).ok());
  EXPECT_TRUE(check(p, stance("a", "abstain")).ok());
  auto d = check(p, stance("a", "disagree", "   "));
  EXPECT_EQ(d.key, "decisions.errors.reason_required");
  EXPECT_EQ(d.field, "reason");
  EXPECT_EQ(check(p, stance("a", "block")).key, "decisions.errors.reason_required");
  EXPECT_TRUE(check(p, stance("a", "block", "Le budget n'est pas voté")).ok());
}

TEST(DecisionRules, ProposalReasonAlwaysAndNever) {
  EXPECT_EQ(check(proposal("always"), stance("a", "agree")).key, "decisions.errors.reason_required");
  EXPECT_TRUE(check(proposal("always"), stance("a", "agree", "Oui")).ok());
  auto b = stance("a", "block", "ignored");
  EXPECT_TRUE(validate(proposal("never"), b).ok());
  EXPECT_EQ(b.reason, "");  // never: not kept
  auto tooLong = stance("a", "agree", std::string(kMaxReason + 1, 'x'));
  EXPECT_EQ(validate(proposal("always"), tooLong).key, "decisions.errors.reason_long");
}

TEST(DecisionRules, ConsentObjectionMustStateItsHarm) {
  auto p = consent();
  EXPECT_TRUE(check(p, stance("a", "consent")).ok());
  auto bad = check(p, stance("a", "object", "Je ne suis pas d'accord"));
  EXPECT_EQ(bad.key, "decisions.errors.harm_required");
  EXPECT_EQ(bad.field, "harm");
  EXPECT_EQ(check(p, stance("a", "object", "", "  ")).key, "decisions.errors.harm_required");
  EXPECT_TRUE(check(p, stance("a", "object", "", "Les bénévoles seraient épuisés")).ok());
  // Even with reasons for objections, the harm is the objection's reason.
  p.reasons = "objections";
  EXPECT_TRUE(check(p, stance("a", "object", "", "Le lieu n'est pas accessible")).ok());
  // A consent keeps no harm.
  auto c = stance("a", "consent", "", "left over");
  EXPECT_TRUE(validate(p, c).ok());
  EXPECT_EQ(c.harm, "");
}

TEST(DecisionRules, AdviceNeedsItsText) {
  auto p = advice();
  p.reasons = "never";  // the advice is the text whatever the setting
  auto bad = check(p, stance("a", "support"));
  EXPECT_EQ(bad.key, "decisions.errors.advice_required");
  EXPECT_EQ(bad.field, "reason");
  EXPECT_TRUE(check(p, stance("a", "reserve", "Attention au calendrier des écoles")).ok());
  EXPECT_EQ(check(p, stance("a", "agree", "x")).key, "decisions.errors.stance");
}

TEST(DecisionRules, DotVoteAllowance) {
  auto p = dots(10);
  EXPECT_TRUE(check(p, values("a", {{11, 6}, {12, 4}})).ok());
  EXPECT_TRUE(check(p, values("a", {{11, 3}})).ok());  // fewer than the allowance is fine
  auto many = check(p, values("a", {{11, 6}, {12, 5}}));
  EXPECT_EQ(many.key, "decisions.errors.too_many_points");
  EXPECT_EQ(many.field, "points");
  auto one = check(p, values("a", {{11, 11}}));
  EXPECT_EQ(one.key, "decisions.errors.too_many_points");
  EXPECT_EQ(one.field, "points_11");
  auto neg = check(p, values("a", {{11, 5}, {13, -1}}));
  EXPECT_EQ(neg.key, "decisions.errors.points_negative");
  EXPECT_EQ(neg.field, "points_13");
  EXPECT_EQ(check(p, values("a", {})).key, "decisions.errors.no_points");
  EXPECT_EQ(check(p, values("a", {{11, 0}, {12, 0}})).key, "decisions.errors.no_points");
  EXPECT_EQ(check(p, values("a", {{99, 1}})).key, "decisions.errors.option");
  EXPECT_EQ(check(p, values("a", {{11, 1}, {11, 1}})).key, "decisions.errors.option");
  // Zero points are dropped, the rest kept in the decision's order.
  auto b = values("a", {{13, 2}, {12, 0}, {11, 1}});
  ASSERT_TRUE(validate(p, b).ok());
  ASSERT_EQ(b.values.size(), 2u);
  EXPECT_EQ(b.values[0].option_id, 11);
  EXPECT_EQ(b.values[1].option_id, 13);
}

TEST(DecisionRules, ScoreEveryOptionFromZeroToFive) {
  auto p = scores();
  EXPECT_TRUE(check(p, values("a", {{21, 0}, {22, 5}, {23, 3}})).ok());
  auto missing = check(p, values("a", {{21, 0}, {23, 3}}));
  EXPECT_EQ(missing.key, "decisions.errors.score_missing");
  EXPECT_EQ(missing.field, "score_22");
  auto high = check(p, values("a", {{21, 6}, {22, 5}, {23, 3}}));
  EXPECT_EQ(high.key, "decisions.errors.score_range");
  EXPECT_EQ(high.field, "score_21");
  EXPECT_EQ(check(p, values("a", {{21, -1}, {22, 5}, {23, 3}})).key, "decisions.errors.score_range");
}

TEST(DecisionRules, RankedChoiceExactlyN) {
  auto p = ranked(3);
  EXPECT_TRUE(check(p, values("a", {{31, 1}, {32, 2}, {33, 3}})).ok());
  EXPECT_TRUE(check(p, values("a", {{34, 1}, {31, 3}, {33, 2}})).ok());
  auto incomplete = check(p, values("a", {{31, 1}, {32, 2}}));
  EXPECT_EQ(incomplete.key, "decisions.errors.rank_incomplete");
  EXPECT_EQ(incomplete.field, "ranking");
  auto dup = check(p, values("a", {{31, 1}, {32, 1}, {33, 2}}));
  EXPECT_EQ(dup.key, "decisions.errors.rank_duplicate");
  EXPECT_EQ(dup.field, "rank_32");
  auto range = check(p, values("a", {{31, 1}, {32, 2}, {33, 4}}));
  EXPECT_EQ(range.key, "decisions.errors.rank_range");
  EXPECT_EQ(range.field, "rank_33");
  EXPECT_EQ(check(p, values("a", {{31, 0}, {32, 1}, {33, 2}})).key, "decisions.errors.rank_range");
  EXPECT_EQ(check(p, values("a", {})).key, "decisions.errors.rank_incomplete");
}

TEST(DecisionRules, TimePollAnswerOnEverySlot) {
  auto p = poll();
  EXPECT_TRUE(check(p, values("a", {{41, kYes}, {42, kNo}})).ok());
  EXPECT_TRUE(check(p, values("a", {{41, kMaybe}, {42, kMaybe}})).ok());
  auto missing = check(p, values("a", {{41, kYes}}));
  EXPECT_EQ(missing.key, "decisions.errors.slot_missing");
  EXPECT_EQ(missing.field, "slot_42");
  auto bad = check(p, values("a", {{41, 3}, {42, kNo}}));
  EXPECT_EQ(bad.key, "decisions.errors.slot_answer");
  EXPECT_EQ(bad.field, "slot_41");
}

TEST(DecisionRules, OptionRulesWithReasonsAlways) {
  auto p = dots(5);
  p.reasons = "always";
  EXPECT_EQ(check(p, values("a", {{11, 5}})).key, "decisions.errors.reason_required");
  auto b = values("a", {{11, 5}});
  b.reason = "Le plus proche des écoles";
  EXPECT_TRUE(validate(p, b).ok());
  // A stance sent with an option ballot is dropped.
  b.stance = "block";
  ASSERT_TRUE(validate(p, b).ok());
  EXPECT_EQ(b.stance, "");
}

// ---------------------------------------------------------------- quorum

TEST(DecisionRules, Quorum) {
  EXPECT_TRUE(quorum_reached(kNone, 0, 10));
  EXPECT_EQ(quorum_needed(Quorum{"share", 50}, 7), 4);  // rounded up
  EXPECT_FALSE(quorum_reached(Quorum{"share", 50}, 3, 7));
  EXPECT_TRUE(quorum_reached(Quorum{"share", 50}, 4, 7));
  EXPECT_TRUE(quorum_reached(Quorum{"count", 3}, 3, 10));
  EXPECT_FALSE(quorum_reached(Quorum{"count", 3}, 2, 10));
  // With no voter, a quorum is never reached (not even a share of nobody).
  EXPECT_FALSE(quorum_reached(Quorum{"share", 50}, 0, 0));
}

// ---------------------------------------------------------------- tallies

TEST(DecisionTally, ProposalCountsAndAgreement) {
  auto t = tally(proposal(),
                 {stance("a", "agree"), stance("b", "agree"), stance("c", "disagree", "r"), stance("d", "abstain")}, 6,
                 Quorum{"share", 50});
  EXPECT_EQ(t.ballots, 4);
  EXPECT_EQ(position(t, "agree"), 2);
  EXPECT_EQ(position(t, "disagree"), 1);
  EXPECT_EQ(position(t, "block"), 0);  // zeros listed
  EXPECT_EQ(t.abstentions, 1);
  EXPECT_EQ(t.blocks, 0);
  EXPECT_TRUE(t.quorum_reached);
  EXPECT_EQ(t.quorum_needed, 3);
  EXPECT_EQ(t.indication, "agreed");
}

TEST(DecisionTally, ProposalBlockStopsIt) {
  auto t = tally(proposal(), {stance("a", "agree"), stance("b", "agree"), stance("c", "block", "r")}, 3, kNone);
  EXPECT_EQ(t.blocks, 1);
  EXPECT_EQ(t.indication, "blocked");
}

TEST(DecisionTally, ProposalTieAndNotAgreed) {
  auto tie = tally(proposal(), {stance("a", "agree"), stance("b", "disagree", "r")}, 2, kNone);
  EXPECT_EQ(tie.indication, "tied");
  auto no =
      tally(proposal(), {stance("a", "agree"), stance("b", "disagree", "r"), stance("c", "disagree", "r")}, 3, kNone);
  EXPECT_EQ(no.indication, "not_agreed");
}

TEST(DecisionTally, ProposalAllAbstain) {
  auto t = tally(proposal(), {stance("a", "abstain"), stance("b", "abstain")}, 5, Quorum{"count", 2});
  EXPECT_EQ(t.abstentions, 2);
  EXPECT_EQ(t.indication, "all_abstained");
  EXPECT_TRUE(t.quorum_reached);  // an abstention is a participation
}

TEST(DecisionTally, ProposalZeroVotesAndQuorumNotReached) {
  auto t = tally(proposal(), {}, 5, Quorum{"share", 40});
  EXPECT_EQ(t.ballots, 0);
  EXPECT_EQ(t.indication, "no_votes");
  EXPECT_FALSE(t.quorum_reached);
  EXPECT_EQ(t.quorum_needed, 2);
  auto one = tally(proposal(), {stance("a", "agree")}, 5, Quorum{"share", 40});
  EXPECT_FALSE(one.quorum_reached);
  EXPECT_EQ(one.indication, "agreed");  // the count still says what the ballots say
}

TEST(DecisionTally, ChangedVoteCountedOnce) {
  auto t =
      tally(proposal(), {stance("a", "block", "r"), stance("b", "agree"), stance("a", "agree")}, 4, Quorum{"count", 3});
  EXPECT_EQ(t.ballots, 2);
  EXPECT_EQ(position(t, "agree"), 2);
  EXPECT_EQ(t.blocks, 0);
  EXPECT_FALSE(t.quorum_reached);
  EXPECT_EQ(t.indication, "agreed");
  // The same for options.
  auto d = tally(dots(10), {values("a", {{11, 10}}), values("a", {{12, 10}})}, 3, kNone);
  EXPECT_EQ(d.ballots, 1);
  EXPECT_EQ(result(d, 11).total, 0);
  EXPECT_EQ(result(d, 12).total, 10);
}

TEST(DecisionTally, ConsentPassesWhenNoObjectionRemains) {
  auto objected = tally(consent(), {stance("a", "consent"), stance("b", "object", "", "h")}, 3, kNone);
  EXPECT_EQ(objected.objections, 1);
  EXPECT_EQ(objected.indication, "objected");
  // The objection withdrawn: the same voter consents now.
  auto withdrawn =
      tally(consent(), {stance("a", "consent"), stance("b", "object", "", "h"), stance("b", "consent")}, 3, kNone);
  EXPECT_EQ(withdrawn.objections, 0);
  EXPECT_EQ(withdrawn.indication, "consented");
  // The objection resolved by a facilitator.
  auto resolved = stance("b", "object", "", "h");
  resolved.resolved = true;
  auto r = tally(consent(), {stance("a", "consent"), resolved}, 3, kNone);
  EXPECT_EQ(r.objections, 0);
  EXPECT_EQ(r.resolved_objections, 1);
  EXPECT_EQ(r.indication, "consented");
  EXPECT_EQ(position(r, "object"), 1);
  // No ballot: nothing consented.
  EXPECT_EQ(tally(consent(), {}, 3, kNone).indication, "no_votes");
}

TEST(DecisionTally, ValidateClearsAResolvedMark) {
  // A voter who objects again brings a new objection (the resolved mark is the facilitator's, per ballot).
  auto b = stance("b", "object", "", "nouveau tort");
  b.resolved = true;
  ASSERT_TRUE(validate(consent(), b).ok());
  EXPECT_FALSE(b.resolved);
}

TEST(DecisionTally, AdviceCountsLeanings) {
  auto t = tally(advice(), {stance("a", "support", "x"), stance("b", "oppose", "y"), stance("c", "support", "z")}, 4,
                 Quorum{"count", 4});
  EXPECT_EQ(position(t, "support"), 2);
  EXPECT_EQ(position(t, "oppose"), 1);
  EXPECT_EQ(position(t, "reserve"), 0);
  EXPECT_EQ(t.indication, "advised");
  EXPECT_FALSE(t.quorum_reached);
  EXPECT_EQ(tally(advice(), {}, 4, kNone).indication, "no_votes");
}

TEST(DecisionTally, DotVoteTotalsAndLeader) {
  auto t = tally(dots(10), {values("a", {{11, 7}, {12, 3}}), values("b", {{12, 5}, {13, 5}}), values("c", {{11, 2}})},
                 5, kNone);
  EXPECT_EQ(result(t, 11).total, 9);
  EXPECT_EQ(result(t, 11).voters, 2);
  EXPECT_EQ(result(t, 12).total, 8);
  EXPECT_EQ(result(t, 13).total, 5);
  EXPECT_EQ(result(t, 11).place, 1);
  EXPECT_EQ(result(t, 13).place, 3);
  ASSERT_EQ(t.leaders.size(), 1u);
  EXPECT_EQ(t.leaders[0], 11);
  EXPECT_FALSE(t.tie);
  EXPECT_EQ(t.indication, "leader");
}

TEST(DecisionTally, DotVoteTieReportedAsTie) {
  auto t = tally(dots(10), {values("a", {{11, 5}, {12, 5}}), values("b", {{11, 2}, {12, 2}, {13, 6}})}, 2, kNone);
  EXPECT_EQ(result(t, 11).total, 7);
  EXPECT_EQ(result(t, 12).total, 7);
  EXPECT_TRUE(t.tie);
  EXPECT_EQ(t.leaders, (std::vector<long long>{11, 12}));
  EXPECT_EQ(result(t, 11).place, 1);
  EXPECT_EQ(result(t, 12).place, 1);
  EXPECT_EQ(result(t, 13).place, 3);
  EXPECT_EQ(t.indication, "tie");
}

TEST(DecisionTally, DotVoteZeroVotes) {
  auto t = tally(dots(10), {}, 4, Quorum{"count", 1});
  EXPECT_EQ(t.indication, "no_votes");
  EXPECT_TRUE(t.leaders.empty());
  EXPECT_FALSE(t.tie);
  EXPECT_FALSE(t.quorum_reached);
  EXPECT_EQ(t.options.size(), 3u);
}

TEST(DecisionTally, ScoreAverages) {
  auto t =
      tally(scores(), {values("a", {{21, 5}, {22, 2}, {23, 0}}), values("b", {{21, 4}, {22, 3}, {23, 0}})}, 2, kNone);
  EXPECT_DOUBLE_EQ(result(t, 21).average, 4.5);
  EXPECT_DOUBLE_EQ(result(t, 22).average, 2.5);
  EXPECT_DOUBLE_EQ(result(t, 23).average, 0.0);
  EXPECT_EQ(result(t, 21).total, 9);
  EXPECT_EQ(t.leaders, std::vector<long long>{21});
  EXPECT_EQ(t.indication, "leader");
}

TEST(DecisionTally, ScoreTieAndAllZero) {
  auto tie = tally(scores(), {values("a", {{21, 3}, {22, 3}, {23, 1}})}, 2, kNone);
  EXPECT_TRUE(tie.tie);
  EXPECT_EQ(tie.leaders, (std::vector<long long>{21, 22}));
  // Everyone scored every option 0: a tie of all three.
  auto zero = tally(scores(), {values("a", {{21, 0}, {22, 0}, {23, 0}})}, 2, kNone);
  EXPECT_EQ(zero.leaders.size(), 3u);
  EXPECT_EQ(zero.indication, "tie");
}

TEST(DecisionTally, RankedChoiceBorda) {
  // N = 3: first 3 points, second 2, third 1.
  auto p = ranked(3);
  auto t = tally(p,
                 {values("a", {{31, 1}, {32, 2}, {33, 3}}), values("b", {{32, 1}, {31, 2}, {34, 3}}),
                  values("c", {{32, 1}, {33, 2}, {31, 3}})},
                 3, kNone);
  EXPECT_EQ(result(t, 31).total, 3 + 2 + 1);
  EXPECT_EQ(result(t, 32).total, 2 + 3 + 3);
  EXPECT_EQ(result(t, 33).total, 1 + 2);
  EXPECT_EQ(result(t, 34).total, 1);
  EXPECT_EQ(result(t, 32).firsts, 2);
  EXPECT_EQ(result(t, 34).voters, 1);
  EXPECT_EQ(t.leaders, std::vector<long long>{32});
  EXPECT_EQ(result(t, 31).place, 2);
  EXPECT_EQ(t.indication, "leader");
}

TEST(DecisionTally, RankedChoiceTie) {
  auto t = tally(ranked(2), {values("a", {{31, 1}, {32, 2}}), values("b", {{32, 1}, {31, 2}})}, 2, kNone);
  EXPECT_EQ(result(t, 31).total, 3);
  EXPECT_EQ(result(t, 32).total, 3);
  EXPECT_EQ(result(t, 33).total, 0);
  EXPECT_TRUE(t.tie);
  EXPECT_EQ(t.indication, "tie");
  EXPECT_EQ(tally(ranked(2), {}, 2, kNone).indication, "no_votes");
}

TEST(DecisionTally, TimePollYesThenMaybe) {
  auto t = tally(poll(),
                 {values("a", {{41, kYes}, {42, kYes}}), values("b", {{41, kMaybe}, {42, kYes}}),
                  values("c", {{41, kYes}, {42, kNo}})},
                 3, kNone);
  EXPECT_EQ(result(t, 41).total, 2);
  EXPECT_EQ(result(t, 41).maybe, 1);
  EXPECT_EQ(result(t, 42).total, 2);
  EXPECT_EQ(result(t, 42).maybe, 0);
  EXPECT_EQ(result(t, 42).no, 1);
  // Same yes: the maybe decides.
  EXPECT_EQ(t.leaders, std::vector<long long>{41});
  EXPECT_FALSE(t.tie);
}

TEST(DecisionTally, TimePollTieOnYesAndMaybe) {
  auto t = tally(poll(), {values("a", {{41, kYes}, {42, kMaybe}}), values("b", {{41, kMaybe}, {42, kYes}})}, 2,
                 Quorum{"share", 100});
  EXPECT_TRUE(t.tie);
  EXPECT_EQ(t.leaders, (std::vector<long long>{41, 42}));
  EXPECT_TRUE(t.quorum_reached);
  // Everyone answers no: still a count (0 yes each), reported as a tie of all slots.
  auto no = tally(poll(), {values("a", {{41, kNo}, {42, kNo}})}, 2, kNone);
  EXPECT_EQ(result(no, 41).no, 1);
  EXPECT_EQ(no.indication, "tie");
}
