-- Attendance: a reminder to countersign a sheet left open after its half-day is claimed once per
-- half-day (conditional UPDATE of reminded_at); wrong sign codes are counted from the audit log,
-- which this index also serves (audit entries of one subject).
ALTER TABLE training_halfdays ADD COLUMN reminded_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX audit_log_subject ON audit_log (subject, action);
