-- Evaluation of cooperation projects (src/cooperation/evaluation; docs/cooperation/evaluation.md),
-- after Avise's method for evaluating a cooperation: criteria that members propose and a decision
-- adopts, each with its indicators; the evaluation of the cooperation itself (conditions, means,
-- results) by questionnaire at each phase, through the questionnaires engine; a yearly report.

-- A criterion: what it looks at (conditions, means or results of the cooperation), proposed by a
-- member; adopted or rejected only through a closed decision of the same project whose outcome is
-- written (decision_id, 0 while proposed; the rule is the service's, the CHECK keeps the pair true).
CREATE TABLE cooperation_criteria (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  title TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('conditions','means','results')),
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','adopted','rejected')),
  -- The decision (cooperation_decisions.id) that adopted or rejected it, who attached it and when.
  decision_id BIGINT NOT NULL DEFAULT 0,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0,
  proposed_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((status = 'proposed') = (decision_id = 0))
);
CREATE INDEX cooperation_criteria_project ON cooperation_criteria (project_id, status, id);

-- The indicators of the project (the indicators module's ids) a criterion is measured with.
CREATE TABLE cooperation_criterion_indicators (
  criterion_id BIGINT NOT NULL REFERENCES cooperation_criteria (id),
  indicator_id BIGINT NOT NULL,
  PRIMARY KEY (criterion_id, indicator_id)
);

-- The evaluation of the cooperation at one phase of a project: a sending (questionnaire_campaigns,
-- audience 'project') of the project's evaluation questionnaire to its facilitators and members. One
-- per project and phase (the unique key refuses a second launch, even two at once).
CREATE TABLE cooperation_phase_evaluations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  phase TEXT NOT NULL CHECK (phase IN ('diagnosis','design','implementation','evaluation')),
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  campaign_id BIGINT NOT NULL REFERENCES questionnaire_campaigns (id),
  launched_by BIGINT NOT NULL DEFAULT 0,
  launched_at BIGINT NOT NULL,
  UNIQUE (project_id, phase)
);

-- The sending audience 'project' (« Membres d'un projet de coopération »): the column carrying the
-- widened CHECK is replaced in place, as migration 0030 did for 'holders' (ADD COLUMN, copy, DROP
-- COLUMN, RENAME COLUMN; the same statements on both engines).
ALTER TABLE questionnaire_campaigns ADD COLUMN audience_project TEXT NOT NULL DEFAULT 'members'
  CHECK (audience_project IN ('trainees','trainers','funders','members','public','study','holders','project'));
UPDATE questionnaire_campaigns SET audience_project = audience;
ALTER TABLE questionnaire_campaigns DROP COLUMN audience;
ALTER TABLE questionnaire_campaigns RENAME COLUMN audience_project TO audience;
