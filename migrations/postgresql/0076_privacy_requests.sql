-- People's requests about their own data (issue 23, docs/privacy.md « Rights »): rectification or erasure,
-- answered within one month (GDPR art. 12(3)). One open request (received or in progress) of each kind per
-- person. The request and its answer are kept after an erasure: they prove the request was handled.

CREATE TABLE privacy_requests (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('rectification','erasure')),
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','in_progress','done','refused')),
  received_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,                 -- the end of the day one month after receipt (Paris time)
  answer TEXT NOT NULL DEFAULT '',
  refusal_reason TEXT NOT NULL DEFAULT '',
  handled_by BIGINT NOT NULL DEFAULT 0,
  handled_at BIGINT NOT NULL DEFAULT 0,
  reminded_on TEXT NOT NULL DEFAULT ''    -- the Paris day of the last reminder that listed it
);
CREATE UNIQUE INDEX privacy_requests_open ON privacy_requests (user_id, kind)
  WHERE status IN ('received', 'in_progress');
CREATE INDEX privacy_requests_due ON privacy_requests (status, due_at);
