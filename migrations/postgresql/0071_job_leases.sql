-- Background jobs shared by several `trame serve` instances on one database (docs/deploy.md,
-- docs/decisions.md « Issue 22 — several instances »): one row per job name. An instance runs a job
-- only after taking its lease with a conditional upsert (held_until in the past), so each job runs on
-- one instance at a time and about once per period across them. A dead instance's lease runs out.

CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  held_until BIGINT NOT NULL,
  runs BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL DEFAULT 0,
  finished_at BIGINT NOT NULL DEFAULT 0
);
