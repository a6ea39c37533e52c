-- A request's deadline extended by two months (GDPR art. 12(3)): once, before the first deadline, with the
-- reason told to the person (docs/privacy.md « Rights »). due_at then holds the extended deadline.
ALTER TABLE privacy_requests ADD COLUMN extended_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE privacy_requests ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
