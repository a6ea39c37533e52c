-- Decisions of cooperation projects (src/cooperation/decisions; docs/cooperation/decisions.md):
-- decision types as data with their rule, decisions, their options or time slots, ballots, outcomes
-- and review dates.

-- The decision types. Each names the rule that validates its ballots and counts them
-- (src/cooperation/decisions/rules.hpp) and that rule's parameters; a new type is a new row.
CREATE TABLE cooperation_decision_types (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  -- proposal, consent, advice, dot_vote, score, ranked_choice, time_poll
  rule TEXT NOT NULL CHECK (rule IN ('proposal','consent','advice','dot_vote','score','ranked_choice','time_poll')),
  -- The positions a voter takes, comma-separated (proposal: agree,abstain,disagree,block), or the
  -- answers on every slot (time poll: yes,maybe,no); '' for the rules that work on options.
  positions TEXT NOT NULL DEFAULT '',
  -- Whether the decision lists options (or slots), and how many at least.
  uses_options INTEGER NOT NULL DEFAULT 0 CHECK (uses_options IN (0, 1)),
  min_options BIGINT NOT NULL DEFAULT 0,
  -- score: the top score (0 to max_value); dot vote: the allowance proposed by default.
  max_value BIGINT NOT NULL DEFAULT 0,
  -- When a reason is asked by default: always, objections (disagree, block, object), never.
  default_reasons TEXT NOT NULL DEFAULT 'objections' CHECK (default_reasons IN ('always','objections','never')),
  sort_order BIGINT NOT NULL DEFAULT 0
);
INSERT INTO cooperation_decision_types (code, rule, positions, uses_options, min_options, max_value, default_reasons, sort_order) VALUES
  ('proposal', 'proposal', 'agree,abstain,disagree,block', 0, 0, 0, 'objections', 1),
  ('consent', 'consent', 'consent,object', 0, 0, 0, 'never', 2),
  ('advice', 'advice', 'support,reserve,oppose', 0, 0, 0, 'always', 3),
  ('dot_vote', 'dot_vote', '', 1, 2, 10, 'never', 4),
  ('score', 'score', '', 1, 2, 5, 'never', 5),
  ('ranked_choice', 'ranked_choice', '', 1, 2, 0, 'never', 6),
  ('time_poll', 'time_poll', 'yes,maybe,no', 1, 1, 0, 'never', 7);

CREATE TABLE cooperation_decisions (
  id INTEGER PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  -- The meeting where it is taken (cooperation_meetings.id), 0: none.
  meeting_id BIGINT NOT NULL DEFAULT 0,
  type TEXT NOT NULL REFERENCES cooperation_decision_types (code),
  title TEXT NOT NULL,
  -- What is proposed, its context (markdown).
  details TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','cancelled')),
  -- When a reason goes with a ballot: always, objections (disagree, block), never.
  reasons TEXT NOT NULL DEFAULT 'objections' CHECK (reasons IN ('always','objections','never')),
  -- Voting closes at this time (unix seconds); run_due closes it then and waits for the outcome.
  closes_at BIGINT NOT NULL,
  -- Quorum among those who may vote (facilitators and members): none, share (percent), count.
  quorum_kind TEXT NOT NULL DEFAULT 'none' CHECK (quorum_kind IN ('none','share','count')),
  quorum_value BIGINT NOT NULL DEFAULT 0,
  -- Anonymous ballots carry no user id; their voter key is a keyed hash of the voter whose key
  -- (ballot_salt) is erased at closing (docs/cooperation/decisions.md, "Anonymous votes").
  anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  ballot_salt TEXT NOT NULL DEFAULT '',
  -- dot vote: points each voter spreads; ranked choice: how many options each voter ranks.
  allowance BIGINT NOT NULL DEFAULT 0,
  rank_count BIGINT NOT NULL DEFAULT 0,
  -- The facilitator who opened it (for advice: the one who decides).
  opened_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- Closing: when, and by whom (0: at its closing date, by run_due).
  closed_at BIGINT NOT NULL DEFAULT 0,
  closed_by BIGINT NOT NULL DEFAULT 0,
  -- The outcome: a statement, the chosen option (options, slots) or verdict (proposal, consent,
  -- advice: adopted, rejected, amended), who decided and when.
  outcome_statement TEXT NOT NULL DEFAULT '',
  outcome_option_id BIGINT NOT NULL DEFAULT 0,
  outcome_verdict TEXT NOT NULL DEFAULT '' CHECK (outcome_verdict IN ('','adopted','rejected','amended')),
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0,
  -- The review date (ISO day or ''), and when the members were reminded of it (0: not yet).
  review_on TEXT NOT NULL DEFAULT '',
  review_sent_at BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX cooperation_decisions_project ON cooperation_decisions (project_id, status, id);
CREATE INDEX cooperation_decisions_meeting ON cooperation_decisions (meeting_id) WHERE meeting_id <> 0;
CREATE INDEX cooperation_decisions_due ON cooperation_decisions (status, closes_at);

-- The options of a dot vote, score or ranked choice, or the slots of a time poll (starts_at).
CREATE TABLE cooperation_decision_options (
  id INTEGER PRIMARY KEY,
  decision_id BIGINT NOT NULL REFERENCES cooperation_decisions (id),
  position BIGINT NOT NULL,
  label TEXT NOT NULL,
  starts_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (decision_id, position)
);

-- One ballot per voter and decision, changed in place until closing. voter_key is a keyed hash of
-- the voter (unique per decision); user_id is set for named votes only (0 when anonymous), and
-- anonymous ballots keep no time. An objection (consent) states the harm it prevents; a facilitator
-- may mark it resolved (resolved_at) — a new objection by the same voter clears that mark.
CREATE TABLE cooperation_decision_ballots (
  id INTEGER PRIMARY KEY,
  decision_id BIGINT NOT NULL REFERENCES cooperation_decisions (id),
  voter_key TEXT NOT NULL,
  user_id BIGINT NOT NULL DEFAULT 0,
  stance TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  harm TEXT NOT NULL DEFAULT '',
  resolved_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (decision_id, voter_key)
);

-- A ballot's value on each option: dot vote points, score, rank (1 = first), time poll answer
-- (2 yes, 1 maybe, 0 no).
CREATE TABLE cooperation_decision_values (
  ballot_id BIGINT NOT NULL REFERENCES cooperation_decision_ballots (id),
  option_id BIGINT NOT NULL REFERENCES cooperation_decision_options (id),
  value BIGINT NOT NULL,
  PRIMARY KEY (ballot_id, option_id)
);
