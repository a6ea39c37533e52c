// Decisions of a cooperation project (docs/cooperation/decisions.md). A decision has a type, and
// types are data (cooperation_decision_types): each names the rule that validates a ballot and
// counts the ballots (rules.hpp) with its parameters. Facilitators open, close and cancel decisions
// and write their outcome; members (and facilitators) vote; observers read. Every closed decision
// gets an outcome (statement, chosen option or verdict, who decided) and may get a review date,
// which reminds the members by e-mail.
#pragma once
#include <string>
#include <vector>

namespace trame::decisions {

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"open", "closed", "cancelled"};
  return list;
}
// When a ballot needs a reason: always, for the objecting positions (disagree, block), never.
inline const std::vector<std::string>& reason_modes() {
  static const std::vector<std::string> list = {"always", "objections", "never"};
  return list;
}
inline const std::vector<std::string>& quorum_kinds() {
  static const std::vector<std::string> list = {"none", "share", "count"};
  return list;
}
// The outcome of a decision without options (proposal, consent, advice).
inline const std::vector<std::string>& verdicts() {
  static const std::vector<std::string> list = {"adopted", "rejected", "amended"};
  return list;
}

// A row of cooperation_decision_types.
struct Type {
  long long id = 0;
  std::string code;                    // proposal, consent, advice, dot_vote, score, ranked_choice, time_poll
  std::string rule;                    // the rule of rules.hpp (the same words)
  std::vector<std::string> positions;  // proposal: agree, abstain, disagree, block; time poll: yes, maybe, no
  bool uses_options = false;
  long long min_options = 0;
  long long max_value = 0;  // score: top score; dot vote: default allowance
  std::string default_reasons = "objections";
};

// An option (dot vote, score, ranked choice) or a slot (time poll: starts_at, unix seconds).
struct Option {
  long long id = 0, decision_id = 0;
  long long position = 0;
  std::string label;
  long long starts_at = 0;
};

struct Decision {
  long long id = 0, project_id = 0, meeting_id = 0;
  std::string type;  // the type's code
  std::string title, details;
  std::string status = "open";
  std::string reasons = "objections";
  long long closes_at = 0;
  std::string quorum_kind = "none";
  long long quorum_value = 0;
  bool anonymous = false;
  long long allowance = 0, rank_count = 0;
  long long opened_by = 0;
  std::string opened_by_name;
  long long created_at = 0, updated_at = 0;
  long long closed_at = 0, closed_by = 0;
  std::string outcome_statement;
  long long outcome_option_id = 0;
  std::string outcome_verdict;
  long long decided_by = 0;
  std::string decided_by_name;
  long long decided_at = 0;
  std::string review_on;
  long long review_sent_at = 0;
  long long cancelled_at = 0;

  bool open() const { return status == "open"; }
  // Closed, its outcome not written yet (run_due closed it at its date, or it waits for the proposer).
  bool awaiting_outcome() const { return status == "closed" && decided_at == 0; }
};

// A value of a ballot on one option: dot vote points, score, rank (1 = first), time poll answer
// (2 yes, 1 maybe, 0 no).
struct Value {
  long long option_id = 0;
  long long value = 0;
};

// One voter's ballot. user_id and voter_name are empty for anonymous decisions.
struct Ballot {
  long long id = 0, decision_id = 0;
  long long user_id = 0;
  std::string voter_name;
  std::string stance;  // proposal, consent, advice: the position
  std::string reason;
  std::string harm;           // consent: the harm an objection prevents
  long long resolved_at = 0;  // consent: an objection a facilitator marked resolved
  long long updated_at = 0;   // 0 for anonymous ballots
  std::vector<Value> values;
};

// What a closed (or any) decision is for the other modules (meetings, contributions, evaluation).
struct Summary {
  long long id = 0, project_id = 0, meeting_id = 0;
  std::string title;
  std::string type;    // the type's code
  std::string status;  // open, closed, cancelled
  std::string outcome_statement;
  std::string outcome_option;   // the chosen option's label (options, slots), '' otherwise
  std::string outcome_verdict;  // adopted, rejected, amended (proposal, consent, advice), '' otherwise
  std::string decided_by;       // the name of who wrote the outcome, '' before
  long long decided_by_id = 0;
  long long closes_at = 0;
  long long closed_at = 0;  // 0 while open
  std::string review_on;    // ISO day or ''
};

}  // namespace trame::decisions
