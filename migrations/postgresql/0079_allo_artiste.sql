-- « Allô l'Artiste ! » (issue 24, src/mediation/allo, docs/mediation.md): the shows artists propose (with a
-- sample audio file checked by its bytes), their availabilities, the programme's slots (one show, a bridge
-- number and PIN, a capacity held by the database) and the listeners referents register (a code, no name).
CREATE TABLE allo_shows (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  artist_id BIGINT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  discipline TEXT NOT NULL,
  language TEXT NOT NULL,
  duration_minutes BIGINT NOT NULL CHECK (duration_minutes BETWEEN 15 AND 20),
  description TEXT NOT NULL DEFAULT '',
  sample_name TEXT NOT NULL,
  sample_type TEXT NOT NULL,
  sample_size BIGINT NOT NULL,
  sample BYTEA NOT NULL,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX allo_shows_artist ON allo_shows (artist_id, id);
CREATE INDEX allo_shows_status ON allo_shows (status, id);

CREATE TABLE allo_availabilities (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  artist_id BIGINT NOT NULL REFERENCES users(id),
  day TEXT NOT NULL,
  hour BIGINT NOT NULL CHECK (hour IN (11, 15, 17, 19)),
  created_at BIGINT NOT NULL,
  UNIQUE (artist_id, day, hour)
);
CREATE INDEX allo_availabilities_day ON allo_availabilities (day, hour);

CREATE TABLE allo_slots (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  day TEXT NOT NULL,
  hour BIGINT NOT NULL CHECK (hour IN (11, 15, 17, 19)),
  starts_at BIGINT NOT NULL,
  show_id BIGINT NOT NULL REFERENCES allo_shows(id),
  bridge_number TEXT NOT NULL,
  bridge_pin TEXT NOT NULL,
  capacity BIGINT NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  registered BIGINT NOT NULL DEFAULT 0,
  listeners_count BIGINT NOT NULL DEFAULT -1,
  remarks TEXT NOT NULL DEFAULT '',
  reported_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (registered >= 0 AND registered <= capacity),
  UNIQUE (day, hour)
);
CREATE INDEX allo_slots_starts ON allo_slots (starts_at);
CREATE INDEX allo_slots_show ON allo_slots (show_id);

CREATE TABLE allo_listeners (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slot_id BIGINT NOT NULL REFERENCES allo_slots(id),
  code TEXT NOT NULL UNIQUE,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  referent_id BIGINT NOT NULL REFERENCES users(id),
  language TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
  created_at BIGINT NOT NULL,
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  reminded_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX allo_listeners_slot ON allo_listeners (slot_id, status);
CREATE INDEX allo_listeners_referent ON allo_listeners (referent_id, slot_id);
