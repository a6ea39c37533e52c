-- Quality registers: when the assignee (or the organiser's staff) was told that a complaint is
-- overdue (0: not yet). Set by a conditional UPDATE, so that the reminder goes once, whatever the
-- number of instances running the scheduler.
ALTER TABLE quality_complaints ADD COLUMN overdue_notified_at BIGINT NOT NULL DEFAULT 0;
