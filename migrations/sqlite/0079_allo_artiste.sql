-- « Allô l'Artiste ! » (issue 24, src/mediation/allo, docs/mediation.md): the shows artists propose (with a
-- sample audio file checked by its bytes), their availabilities, the programme's slots (one show, a bridge
-- number and PIN, a capacity held by the database) and the listeners referents register (a code, no name).
CREATE TABLE allo_shows (
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
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX allo_shows_artist ON allo_shows (artist_id, id);
CREATE INDEX allo_shows_status ON allo_shows (status, id);

CREATE TABLE allo_availabilities (
  id INTEGER PRIMARY KEY,
  artist_id INTEGER NOT NULL REFERENCES users(id),
  day TEXT NOT NULL,
  hour INTEGER NOT NULL CHECK (hour IN (11, 15, 17, 19)),
  created_at INTEGER NOT NULL,
  UNIQUE (artist_id, day, hour)
);
CREATE INDEX allo_availabilities_day ON allo_availabilities (day, hour);

CREATE TABLE allo_slots (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  hour INTEGER NOT NULL CHECK (hour IN (11, 15, 17, 19)),
  starts_at INTEGER NOT NULL,
  show_id INTEGER NOT NULL REFERENCES allo_shows(id),
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
  CHECK (registered >= 0 AND registered <= capacity),
  UNIQUE (day, hour)
);
CREATE INDEX allo_slots_starts ON allo_slots (starts_at);
CREATE INDEX allo_slots_show ON allo_slots (show_id);

CREATE TABLE allo_listeners (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES allo_slots(id),
  code TEXT NOT NULL UNIQUE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  referent_id INTEGER NOT NULL REFERENCES users(id),
  language TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
  created_at INTEGER NOT NULL,
  cancelled_at INTEGER NOT NULL DEFAULT 0,
  reminded_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX allo_listeners_slot ON allo_listeners (slot_id, status);
CREATE INDEX allo_listeners_referent ON allo_listeners (referent_id, slot_id);
