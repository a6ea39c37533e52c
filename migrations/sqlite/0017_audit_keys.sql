-- The audit log's chain is keyed from now on (HMAC-SHA256 under a key derived from secret_key).
-- key_id names the key of each entry; '' marks the entries chained before, with plain SHA-256: they stay
-- verifiable by the old rule, and the first keyed entry ("audit.keyed", written right after this
-- migration) seals how many of them there were. The head keeps the last entry's hash and a keyed MAC
-- of (count, hash), so that cutting the tail and lowering the counter is detected.
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN head_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
