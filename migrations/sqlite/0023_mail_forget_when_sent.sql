-- A message to an address typed at the time and kept nowhere (a ticket sent to the person's own
-- address, issue 14): once sent or given up, its recipient is replaced by a fixed marker and its body
-- emptied (platform/mail). 1: forget; 0: keep, as every other message.
ALTER TABLE mail_outbox ADD COLUMN forget_when_sent INTEGER NOT NULL DEFAULT 0 CHECK (forget_when_sent IN (0, 1));
