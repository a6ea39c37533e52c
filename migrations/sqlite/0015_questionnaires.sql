-- Questionnaires: one engine for the evaluation of trainings (positioning, end of course, follow-up,
-- trainers, funders) and for impact studies of the ticketing network. Times are unix seconds (UTC),
-- dates 'YYYY-MM-DD', booleans 0/1.
--
-- ANONYMITY: for an anonymous questionnaire, who was invited and whether they answered lives in
-- questionnaire_invitations; what was answered lives in questionnaire_responses/answers, with NO link
-- to the invitation or the person: no invitation or user id, no submission time (only the week),
-- a random response id (not a sequence), no audit entry naming the invitation. Drafts of anonymous
-- answers are kept with the invitation until submission, then deleted.

-- A questionnaire (or a template of the library when is_template = 1).
CREATE TABLE questionnaires (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT REFERENCES organisations (id),   -- owner; NULL for the shipped templates
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',                    -- markdown (safe), shown on the first page
  kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('positioning','satisfaction','followup','trainer','funder','impact','other')),
  anonymous INTEGER NOT NULL DEFAULT 1,
  is_template INTEGER NOT NULL DEFAULT 0,
  template_key TEXT NOT NULL DEFAULT '',                   -- shipped templates: 'positioning', 'satisfaction', ...
  source_id BIGINT REFERENCES questionnaires (id),         -- the template it was copied from
  programme_id BIGINT REFERENCES training_programmes (id), -- objectives of this programme (positioning/follow-up)
  version INTEGER NOT NULL DEFAULT 1,                      -- +1 on every change after the first answer
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','archived')),
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX questionnaires_owner ON questionnaires (organisation_id, status);
CREATE UNIQUE INDEX questionnaires_template_key ON questionnaires (template_key) WHERE template_key <> '';

CREATE TABLE questionnaire_sections (
  id INTEGER PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  position INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX questionnaire_sections_q ON questionnaire_sections (questionnaire_id, position);

-- kind: single, multiple, scale (1-5, labelled ends), nps (0-10), yesno, short, long, number, date,
-- matrix (items on one 1-5 scale). options and items: one per line. A question with answers cannot
-- change kind; removing it archives it (answers kept).
CREATE TABLE questionnaire_questions (
  id INTEGER PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  section_id BIGINT NOT NULL REFERENCES questionnaire_sections (id),
  position INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('single','multiple','scale','nps','yesno','short','long','number','date','matrix')),
  label TEXT NOT NULL,
  help TEXT NOT NULL DEFAULT '',
  required INTEGER NOT NULL DEFAULT 0,
  options TEXT NOT NULL DEFAULT '',                -- single/multiple: one choice per line
  allow_other INTEGER NOT NULL DEFAULT 0,          -- single/multiple: "Autre, précisez"
  items TEXT NOT NULL DEFAULT '',                  -- matrix: one item per line
  low_label TEXT NOT NULL DEFAULT '',              -- scale/matrix/nps: label of the low end
  high_label TEXT NOT NULL DEFAULT '',
  min_value DOUBLE PRECISION,                      -- number: bounds (NULL: none)
  max_value DOUBLE PRECISION,
  show_if_question BIGINT REFERENCES questionnaire_questions (id),  -- condition: an earlier question...
  show_if_value TEXT NOT NULL DEFAULT '',          -- ...whose answer equals this (a choice, 'oui'/'non', a number)
  objective TEXT NOT NULL DEFAULT '',              -- key tying a positioning and a follow-up question (before/after)
  archived INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX questionnaire_questions_q ON questionnaire_questions (questionnaire_id, section_id, position);

-- Every change after the first answer: a new version with what changed.
CREATE TABLE questionnaire_versions (
  id INTEGER PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  version INTEGER NOT NULL,
  summary TEXT NOT NULL,
  changed_by BIGINT NOT NULL DEFAULT 0,
  changed_at BIGINT NOT NULL,
  UNIQUE (questionnaire_id, version)
);

-- A sending of a questionnaire to an audience: a session's trainees, trainers or funders, members of
-- organisations, a public link, or the referents of an impact study. For a training session's
-- evaluation cycle, stage says which step it is (one campaign per session and stage).
CREATE TABLE questionnaire_campaigns (
  id INTEGER PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  organisation_id BIGINT REFERENCES organisations (id),    -- who runs it (scope of its results)
  title TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('trainees','trainers','funders','members','public','study')),
  session_id BIGINT REFERENCES training_sessions (id),
  study_id BIGINT,                                         -- impact_studies (id)
  stage TEXT NOT NULL DEFAULT '' CHECK (stage IN ('','positioning','end','followup','trainer')),
  send_at BIGINT NOT NULL DEFAULT 0,                       -- when invitations go (0: by hand)
  sent_at BIGINT NOT NULL DEFAULT 0,                       -- claimed by a conditional UPDATE: never twice
  closes_at BIGINT NOT NULL DEFAULT 0,                     -- tokens expire then (0: never)
  reminder_days TEXT NOT NULL DEFAULT '3,7',               -- days after sending, for those who have not answered
  public_token_hash TEXT NOT NULL DEFAULT '',              -- audience public: the shared link
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','open','closed','cancelled')),
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX questionnaire_campaigns_due ON questionnaire_campaigns (status, send_at);
CREATE INDEX questionnaire_campaigns_session ON questionnaire_campaigns (session_id, stage);
CREATE UNIQUE INDEX questionnaire_campaigns_stage ON questionnaire_campaigns (session_id, stage) WHERE stage <> '' AND status <> 'cancelled';

-- Who was invited (a person, or one visitor of a public link) and whether they answered. Each token
-- works once. reminders: how many reminders went (claimed by a conditional UPDATE).
CREATE TABLE questionnaire_invitations (
  id INTEGER PRIMARY KEY,
  campaign_id BIGINT NOT NULL REFERENCES questionnaire_campaigns (id),
  user_id BIGINT REFERENCES users (id),
  email TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NOT NULL DEFAULT 0,
  reminders INTEGER NOT NULL DEFAULT 0,
  last_reminded_at BIGINT NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,             -- no time on purpose (anonymity)
  expires_at BIGINT NOT NULL DEFAULT 0,
  respondent_code TEXT NOT NULL DEFAULT '',        -- impact studies: the beneficiary's pseudonymous code
  attributes TEXT NOT NULL DEFAULT '{}'            -- coarse facts copied to the response (cross-tabulation)
);
CREATE INDEX questionnaire_invitations_campaign ON questionnaire_invitations (campaign_id, answered);
CREATE INDEX questionnaire_invitations_user ON questionnaire_invitations (user_id, answered);
CREATE UNIQUE INDEX questionnaire_invitations_person ON questionnaire_invitations (campaign_id, user_id) WHERE user_id IS NOT NULL;

-- A draft kept between two pages or two visits; deleted on submission.
CREATE TABLE questionnaire_drafts (
  invitation_id BIGINT PRIMARY KEY REFERENCES questionnaire_invitations (id),
  data TEXT NOT NULL,                              -- JSON {question_id: value(s)} and the current section
  updated_at BIGINT NOT NULL
);

-- A submitted response. Named questionnaires keep invitation_id/user_id and submitted_at; anonymous
-- ones keep none of them (week only) and get a random id. attributes: JSON of coarse, non-identifying
-- facts used for cross-tabulation (profile sector, délégation, session, relais), copied at submission.
CREATE TABLE questionnaire_responses (
  id BIGINT PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  campaign_id BIGINT REFERENCES questionnaire_campaigns (id),
  version INTEGER NOT NULL,
  invitation_id BIGINT REFERENCES questionnaire_invitations (id),  -- named only
  user_id BIGINT REFERENCES users (id),                            -- named only
  submitted_at BIGINT NOT NULL DEFAULT 0,                          -- named only
  submitted_week TEXT NOT NULL,                                    -- 'YYYY-Www'
  respondent_code TEXT NOT NULL DEFAULT '',                        -- impact studies: the beneficiary's pseudonymous code
  attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX questionnaire_responses_q ON questionnaire_responses (questionnaire_id, campaign_id);

-- One row per answered value: text/number/date/yes-no/scale/nps → value (and number when numeric);
-- single → value = the choice; multiple → one row per choice; "other, specify" → value '__other__'
-- and other_text; matrix → one row per item (item = 0-based index of the item, else -1).
CREATE TABLE questionnaire_answers (
  id INTEGER PRIMARY KEY,
  response_id BIGINT NOT NULL REFERENCES questionnaire_responses (id),
  question_id BIGINT NOT NULL REFERENCES questionnaire_questions (id),
  item INTEGER NOT NULL DEFAULT -1,
  value TEXT NOT NULL DEFAULT '',
  number DOUBLE PRECISION,
  other_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX questionnaire_answers_response ON questionnaire_answers (response_id);
CREATE INDEX questionnaire_answers_question ON questionnaire_answers (question_id, item);

-- Results a programme publishes on its public page (a snapshot, dated).
CREATE TABLE programme_results (
  id INTEGER PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  computed_at BIGINT NOT NULL,
  satisfaction REAL,                               -- mean of the end-of-course satisfaction scale (1-5)
  satisfaction_responses INTEGER NOT NULL DEFAULT 0,
  response_rate REAL,                              -- 0-100
  completion_rate REAL,
  dropout_rate REAL,
  trainees INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 1,
  published_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX programme_results_programme ON programme_results (programme_id, computed_at);

-- Impact studies of the ticketing network: a questionnaire, relais, a period; referents answer with
-- or for the people they support (pseudonymous codes only); a restitution page can be published.
CREATE TABLE impact_studies (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),   -- the network running it
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed','published')),
  restitution TEXT NOT NULL DEFAULT '',            -- markdown
  published_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_on >= starts_on)
);

CREATE TABLE impact_study_relais (
  study_id BIGINT NOT NULL REFERENCES impact_studies (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (study_id, organisation_id)
);
