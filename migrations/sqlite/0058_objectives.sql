-- Evaluation during the course (issue 18): the mid-course ("à chaud") stage of every session's
-- evaluation cycle, per-session copies of the positioning and follow-up questionnaires (the session's
-- own objectives and its trainers expanded when the sending goes), and the objectives set for a session.
--
-- questionnaire_campaigns.stage gains 'midcourse'. The table is referenced by others and the migration
-- runs in one transaction with foreign keys on: the column carrying the widened CHECK is replaced in
-- place (ADD COLUMN, copy, DROP COLUMN, RENAME COLUMN), as in 0030, the same statements on both engines;
-- the two indexes on the column are dropped first and made again.
DROP INDEX questionnaire_campaigns_session;
DROP INDEX questionnaire_campaigns_stage;
ALTER TABLE questionnaire_campaigns ADD COLUMN stage_midcourse TEXT NOT NULL DEFAULT ''
  CHECK (stage_midcourse IN ('','positioning','midcourse','end','followup','trainer'));
UPDATE questionnaire_campaigns SET stage_midcourse = stage;
ALTER TABLE questionnaire_campaigns DROP COLUMN stage;
ALTER TABLE questionnaire_campaigns RENAME COLUMN stage_midcourse TO stage;
CREATE INDEX questionnaire_campaigns_session ON questionnaire_campaigns (session_id, stage);
CREATE UNIQUE INDEX questionnaire_campaigns_stage ON questionnaire_campaigns (session_id, stage) WHERE stage <> '' AND status <> 'cancelled';

-- A copy made for one session when its positioning or follow-up goes (its objectives, its trainers):
-- never chosen for another session (0: not a session's copy).
ALTER TABLE questionnaires ADD COLUMN session_id BIGINT NOT NULL DEFAULT 0;

-- The objectives set for a session during the course, in order (none: the programme's objectives).
CREATE TABLE training_session_objectives (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL DEFAULT 0,
  UNIQUE (session_id, position)
);
