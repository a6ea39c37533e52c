-- Sensitive reads (issue 23, docs/privacy.md « Sensitive reads »): the data protection officer's page
-- filters the audit log on the actions privacy.read.* newest first; this index serves it (and any
-- listing of one action) without scanning the whole log.
CREATE INDEX audit_log_action_id ON audit_log (action, id);
