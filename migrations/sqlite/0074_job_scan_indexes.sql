-- Issue 22 (« pages at national size », docs/decisions.md): the outings jobs ran every few minutes three
-- queries that read outing_slots or bookings whole (found by tests/integration/app/query_plans.test.mjs).
-- Each now finds its few rows through an index.

-- Draws due (queue_repository: mode = 'draw' AND drawn_at = 0 AND status = 'open' AND draw_at <= now).
CREATE INDEX outing_slots_draw_due ON outing_slots (mode, drawn_at, draw_at);
-- Waiting lists and requests of past slots to close (status IN ('waiting','requested')): a handful of
-- bookings among a million, kept in id order for the job's ORDER BY b.id.
CREATE INDEX bookings_waiting ON bookings (id) WHERE status IN ('waiting', 'requested');
-- Attendance reminders (followup: attendance_reminded_at = 0 AND status = 'open' AND ended before…).
CREATE INDEX outing_slots_attendance_due ON outing_slots (attendance_reminded_at, status, starts_at);
