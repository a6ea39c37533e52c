-- « Allô l'Artiste ! » after programming (issue 24, session 17, docs/mediation.md): a coordinator cancels a
-- slot (a reason, who, when) and the slot stays on the programme as « Annulée »; the day and hour are free
-- again, so UNIQUE (day, hour) becomes a unique index over the live slots only. An artist may withdraw a
-- show: its status may now be 'withdrawn'. (SQLite rebuilds the three tables.)
ALTER TABLE allo_shows DROP CONSTRAINT allo_shows_status_check;
ALTER TABLE allo_shows ADD CONSTRAINT allo_shows_status_check
  CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn'));
ALTER TABLE allo_slots ADD COLUMN cancelled_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE allo_slots ADD COLUMN cancelled_by BIGINT REFERENCES users(id);
ALTER TABLE allo_slots ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE allo_slots DROP CONSTRAINT allo_slots_day_hour_key;
CREATE UNIQUE INDEX allo_slots_live ON allo_slots (day, hour) WHERE cancelled_at = 0;
