-- The remaining retention rules (issue 23, docs/privacy.md « Retention »).
-- A training session co-financed by the European Social Fund (FSE+): its trainees' files and attendance
-- evidence are kept retention.trainee_files_esf_years (10) instead of retention.trainee_files_years (6)
-- after the session's end. Ticked in the session's form, shown on its page.
ALTER TABLE training_sessions ADD COLUMN esf INTEGER NOT NULL DEFAULT 0 CHECK (esf IN (0, 1));
-- The audit log past retention.audit_full_months keeps its hashes only: a redacted entry loses its
-- personal fields (actor, e-mail, IP, detail, a subject naming a record) and stores `redaction`, a seal
-- (KEY_ID:HMAC) of what stays (hash, previous hash, time, action, subject, key id) under the audit key.
-- Its hash is unchanged, so the chain still links; `audit verify` accepts the entry's content by its
-- hash, or, once redacted, by its seal. The append-only trigger now lets through that one change only.
ALTER TABLE audit_log ADD COLUMN redacted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN redaction TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_redaction ON audit_log (redacted_at, at);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.redacted_at = 0 AND NEW.redacted_at > 0 AND NEW.redaction <> ''
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.prev_hash = OLD.prev_hash
     AND NEW.hash = OLD.hash AND NEW.key_id = OLD.key_id AND NEW.actor_id = 0 AND NEW.actor_label = ''
     AND NEW.detail = '' AND NEW.ip = '' AND (NEW.subject = OLD.subject OR NEW.subject = '') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
