-- Why the person cannot come, as the referent chose it when cancelling (bookings.cancel_motives:
-- unavailable, health, transport, mistake, other) and an optional short text; shown to the venue and
-- the coordinators. Empty for bookings cancelled otherwise (the venue, an expired offer, a draw).
ALTER TABLE bookings ADD COLUMN cancel_motive TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN cancel_note TEXT NOT NULL DEFAULT '';
