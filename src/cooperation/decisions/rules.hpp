// The rule engine of decisions: pure functions, no database, no clock. A decision type (a row of
// cooperation_decision_types) names one rule; the rule validates a ballot (the first thing wrong, as
// a catalogue key and the form field it concerns) and counts the ballots. docs/cooperation/decisions.md
// says each rule in plain words.
//
//   proposal       a position: agree, abstain, disagree, block. A block stops the proposal.
//   consent        consent, or object — an objection states the harm it prevents. Passes when no
//                  objection remains (each withdrawn by its author or marked resolved).
//   advice         the voter gives advice (a text) with a leaning: support, reserve, oppose; the
//                  proposer decides after reading it.
//   dot_vote       points spread across the options, at most the allowance in all, one at least.
//   score          a score from 0 to the maximum (5) on every option; averages.
//   ranked_choice  exactly N options ranked 1..N, each rank once; Borda count (rank r: N - r + 1).
//   time_poll      yes, maybe or no on every slot; yes then maybe per slot.
#pragma once
#include <string>
#include <vector>

#include "cooperation/decisions/model.hpp"

namespace trame::decisions::rules {

// Time poll answers as stored values.
inline constexpr long long kNo = 0;
inline constexpr long long kMaybe = 1;
inline constexpr long long kYes = 2;
// The longest reason, harm or advice (code points).
inline constexpr std::size_t kMaxReason = 2000;

// The parameters of one decision's rule: its type's and the decision's own.
struct Params {
  std::string rule;                    // proposal, consent, advice, dot_vote, score, ranked_choice, time_poll
  std::vector<std::string> positions;  // for proposal, consent, advice (from the type)
  std::vector<long long> options;      // option (or slot) ids, in order
  long long allowance = 0;             // dot vote: points per voter
  long long rank_count = 0;            // ranked choice: options each voter ranks
  long long max_score = 5;             // score: the top score
  std::string reasons = "objections";  // always, objections, never
};

// What a voter sends, and what the tally counts. `voter` identifies the voter (the ballot's voter key):
// the tally counts one ballot per voter, the last one given (a changed vote counts once).
struct Ballot {
  std::string voter;
  std::string stance;
  std::string reason;
  std::string harm;
  bool resolved = false;      // consent: an objection marked resolved
  std::vector<Value> values;  // per option: points, score, rank, or answer
};

// The first thing wrong with a ballot: a catalogue key (decisions.errors.*) and the form field
// (stance, reason, harm, points, points_<option id>, score_<id>, rank_<id>, ranking, slot_<id>).
struct Problem {
  std::string key;
  std::string field;
  bool ok() const { return key.empty(); }
};

// Whether a rule key is known, and whether it works on options (or slots).
bool known(const std::string& rule);
bool uses_options(const std::string& rule);
// Whether a position is an objecting one (needs a reason when reasons = objections).
bool objecting(const std::string& rule, const std::string& stance);

// Checks a ballot against the rule, and normalises it: trims texts, drops the reason when reasons =
// never and the harm unless objecting, drops zero dot-vote points and values of no option.
Problem validate(const Params& params, Ballot& ballot);

struct Quorum {
  std::string kind = "none";  // none, share (value: percent of those who may vote), count (value: voters)
  long long value = 0;
};
// Whether `voters` ballots reach the quorum among `eligible` people who may vote (none: always).
bool quorum_reached(const Quorum& quorum, long long voters, long long eligible);
// How many voters the quorum asks for (0 for none).
long long quorum_needed(const Quorum& quorum, long long eligible);

struct PositionCount {
  std::string stance;
  long long count = 0;
};

struct OptionResult {
  long long option_id = 0;
  long long total = 0;   // dot vote: points; score: sum of scores; ranked choice: Borda points; time poll: yes
  long long maybe = 0;   // time poll: maybe
  long long no = 0;      // time poll: no
  long long voters = 0;  // ballots that gave it something (points > 0, ranked, yes)
  long long firsts = 0;  // ranked choice: ranked first
  double average = 0;    // score: mean score
  long long place = 0;   // 1 = the best (options tied share a place)
};

struct Tally {
  long long ballots = 0;  // voters counted, one ballot each
  long long eligible = 0;
  bool quorum_reached = true;
  long long quorum_needed = 0;
  std::vector<PositionCount> positions;  // in the type's order, zeros included
  long long abstentions = 0;             // proposal: abstain
  long long blocks = 0;                  // proposal: block
  long long objections = 0;              // consent: objections not resolved
  long long resolved_objections = 0;     // consent: resolved
  std::vector<OptionResult> options;     // in the decision's order, with their place
  std::vector<long long> leaders;        // the options in first place (several: a tie)
  bool tie = false;
  // What the count indicates (not a decision: the outcome is written by people):
  //   no_votes                 no ballot
  //   proposal: blocked, all_abstained, agreed, not_agreed, tied (agree = disagree)
  //   consent:  consented (ballots, no objection left), objected
  //   advice:   advised
  //   options:  leader (one option first), tie
  std::string indication;
};

// Counts the ballots (already valid) of one decision.
Tally tally(const Params& params, const std::vector<Ballot>& ballots, long long eligible, const Quorum& quorum);

}  // namespace trame::decisions::rules
