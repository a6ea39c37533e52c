-- The follow-up of certification holders six months after their certificate (issue 15), through the
-- questionnaire engine: a questionnaire kind 'holders' (« Suivi des titulaires de certification »), a
-- sending audience 'holders' (the holders invited by the job, one sending per certification and month),
-- and which certificate was followed up, so that none is followed up twice.
--
-- questionnaires and questionnaire_campaigns are referenced by other tables, and the migration runs in
-- one transaction with foreign keys on: the column carrying the widened CHECK is replaced in place (ADD
-- COLUMN, copy, DROP COLUMN, RENAME COLUMN; only its position among the columns changes), the same
-- statements on both engines (docs/questionnaires.md). ADD COLUMN ... NOT NULL needs a default: the
-- audience gets 'members', never used (every insert names its audience).

ALTER TABLE questionnaires ADD COLUMN kind_holders TEXT NOT NULL DEFAULT 'other'
  CHECK (kind_holders IN ('positioning','satisfaction','followup','trainer','funder','impact','holders','other'));
UPDATE questionnaires SET kind_holders = kind;
ALTER TABLE questionnaires DROP COLUMN kind;
ALTER TABLE questionnaires RENAME COLUMN kind_holders TO kind;

ALTER TABLE questionnaire_campaigns ADD COLUMN audience_holders TEXT NOT NULL DEFAULT 'members'
  CHECK (audience_holders IN ('trainees','trainers','funders','members','public','study','holders'));
UPDATE questionnaire_campaigns SET audience_holders = audience;
ALTER TABLE questionnaire_campaigns DROP COLUMN audience;
ALTER TABLE questionnaire_campaigns RENAME COLUMN audience_holders TO audience;

-- The holders' sending of a certification for a month ('YYYY-MM', local time), created by the job; the
-- primary key keeps it one even with several instances.
CREATE TABLE certification_followup_campaigns (
  certification_id BIGINT NOT NULL REFERENCES certifications (id),
  month TEXT NOT NULL,
  campaign_id BIGINT NOT NULL REFERENCES questionnaire_campaigns (id),
  PRIMARY KEY (certification_id, month)
);

-- A certificate followed up: claimed by a conditional insert (ON CONFLICT DO NOTHING) in the
-- transaction that invites its holder, so that it is never followed up twice.
CREATE TABLE certification_followups (
  certificate_id BIGINT PRIMARY KEY REFERENCES certification_certificates (id),
  campaign_id BIGINT NOT NULL REFERENCES questionnaire_campaigns (id),
  sent_at BIGINT NOT NULL
);
CREATE INDEX certification_followups_campaign ON certification_followups (campaign_id);
