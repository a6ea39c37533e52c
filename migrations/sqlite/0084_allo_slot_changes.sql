-- « Allô l'Artiste ! » after programming (issue 24, session 17, docs/mediation.md): a coordinator cancels a
-- slot (a reason, who, when) and the slot stays on the programme as « Annulée »; the day and hour are free
-- again, so UNIQUE (day, hour) becomes a unique index over the live slots only. An artist may withdraw a
-- show: its status may now be 'withdrawn'.
--
-- The migration runs in one transaction with foreign keys on: allo_shows is referenced by allo_slots, itself
-- referenced by allo_listeners, and SQLite cannot change a table constraint, so the three tables are rebuilt:
-- each new table references the new one above it, the old ones are dropped (children first), and the renames
-- carry the references along.
CREATE TABLE allo_shows_v2 (
  id INTEGER PRIMARY KEY,
  artist_id INTEGER NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  discipline TEXT NOT NULL,
  language TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 20),
  description TEXT NOT NULL DEFAULT '',
  sample_name TEXT NOT NULL,
  sample_type TEXT NOT NULL,
  sample_size INTEGER NOT NULL,
  sample BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn')),
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO allo_shows_v2 (id, artist_id, title, discipline, language, duration_minutes, description, sample_name,
                           sample_type, sample_size, sample, status, decided_by, decided_at, created_at, updated_at)
  SELECT id, artist_id, title, discipline, language, duration_minutes, description, sample_name, sample_type,
         sample_size, sample, status, decided_by, decided_at, created_at, updated_at FROM allo_shows;

CREATE TABLE allo_slots_v2 (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  hour INTEGER NOT NULL CHECK (hour IN (11, 15, 17, 19)),
  starts_at INTEGER NOT NULL,
  show_id INTEGER NOT NULL REFERENCES allo_shows_v2(id),
  bridge_number TEXT NOT NULL,
  bridge_pin TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  registered INTEGER NOT NULL DEFAULT 0,
  listeners_count INTEGER NOT NULL DEFAULT -1,
  remarks TEXT NOT NULL DEFAULT '',
  reported_at INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  cancelled_at INTEGER NOT NULL DEFAULT 0,
  cancelled_by INTEGER REFERENCES users(id),
  cancel_reason TEXT NOT NULL DEFAULT '',
  CHECK (registered >= 0 AND registered <= capacity)
);
INSERT INTO allo_slots_v2 (id, day, hour, starts_at, show_id, bridge_number, bridge_pin, capacity, registered,
                           listeners_count, remarks, reported_at, created_by, created_at, updated_at)
  SELECT id, day, hour, starts_at, show_id, bridge_number, bridge_pin, capacity, registered, listeners_count, remarks,
         reported_at, created_by, created_at, updated_at FROM allo_slots;

CREATE TABLE allo_listeners_v2 (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES allo_slots_v2(id),
  code TEXT NOT NULL UNIQUE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  referent_id INTEGER NOT NULL REFERENCES users(id),
  language TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
  created_at INTEGER NOT NULL,
  cancelled_at INTEGER NOT NULL DEFAULT 0,
  reminded_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO allo_listeners_v2 (id, slot_id, code, organisation_id, referent_id, language, status, created_at,
                               cancelled_at, reminded_at)
  SELECT id, slot_id, code, organisation_id, referent_id, language, status, created_at, cancelled_at, reminded_at
  FROM allo_listeners;

DROP TABLE allo_listeners;
DROP TABLE allo_slots;
DROP TABLE allo_shows;
ALTER TABLE allo_shows_v2 RENAME TO allo_shows;
ALTER TABLE allo_slots_v2 RENAME TO allo_slots;
ALTER TABLE allo_listeners_v2 RENAME TO allo_listeners;

CREATE INDEX allo_shows_artist ON allo_shows (artist_id, id);
CREATE INDEX allo_shows_status ON allo_shows (status, id);
CREATE INDEX allo_slots_starts ON allo_slots (starts_at);
CREATE INDEX allo_slots_show ON allo_slots (show_id);
CREATE UNIQUE INDEX allo_slots_live ON allo_slots (day, hour) WHERE cancelled_at = 0;
CREATE INDEX allo_listeners_slot ON allo_listeners (slot_id, status);
CREATE INDEX allo_listeners_referent ON allo_listeners (referent_id, slot_id);
