-- One file attached to an outgoing message (a convocation's calendar file, a small document), at most
-- 2 MiB (platform/mail). An empty name: no attachment. A message to be forgotten once sent or given up
-- loses its attachment with its recipient and body.
ALTER TABLE mail_outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN attachment_data BLOB NOT NULL DEFAULT X'';
