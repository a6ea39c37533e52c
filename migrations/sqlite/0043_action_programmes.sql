-- Action programmes (src/network_life/action_programmes; docs/network_life/action_programmes.md):
-- programmes of an organiser, their editions with partners, funders and sessions, pseudonymous
-- participants (a beneficiary code of outings, never a name), registrations with attendance, and
-- outcomes in fixed categories.
CREATE TABLE life_programmes (
  id INTEGER PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  remobilisation BIGINT NOT NULL DEFAULT 0,  -- 1: outcomes per participant are recorded
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_programmes_organiser ON life_programmes (organiser_id);

CREATE TABLE life_programme_editions (
  id INTEGER PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES life_programmes (id),
  title TEXT NOT NULL,
  starts_on TEXT NOT NULL,  -- 'YYYY-MM-DD'
  ends_on TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX life_programme_editions_programme ON life_programme_editions (programme_id, starts_on);

CREATE TABLE life_programme_partners (
  id INTEGER PRIMARY KEY,
  edition_id BIGINT NOT NULL REFERENCES life_programme_editions (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  role TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (edition_id, organisation_id)
);

CREATE TABLE life_programme_funders (
  id INTEGER PRIMARY KEY,
  edition_id BIGINT NOT NULL REFERENCES life_programme_editions (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  amount_euros BIGINT NOT NULL DEFAULT 0,  -- 0: not given
  created_at BIGINT NOT NULL,
  UNIQUE (edition_id, organisation_id)
);

CREATE TABLE life_programme_sessions (
  id INTEGER PRIMARY KEY,
  edition_id BIGINT NOT NULL REFERENCES life_programme_editions (id),
  kind TEXT NOT NULL CHECK (kind IN ('decouverte','atelier_enfants','atelier_numerique','stage')),
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  capacity BIGINT NOT NULL CHECK (capacity > 0),  -- places (a household takes its size)
  taken BIGINT NOT NULL DEFAULT 0,                 -- places taken, raised by a conditional UPDATE
  attendance_at BIGINT NOT NULL DEFAULT 0,         -- when the attendance was recorded, 0: not yet
  created_at BIGINT NOT NULL,
  CHECK (taken <= capacity)
);
CREATE INDEX life_programme_sessions_edition ON life_programme_sessions (edition_id, starts_at);

CREATE TABLE life_programme_participants (
  id INTEGER PRIMARY KEY,
  edition_id BIGINT NOT NULL REFERENCES life_programme_editions (id),
  beneficiary_id BIGINT NOT NULL REFERENCES beneficiaries (id),
  relais_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('household','person')),
  adults BIGINT NOT NULL DEFAULT 1,
  children BIGINT NOT NULL DEFAULT 0,
  registered_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  UNIQUE (edition_id, beneficiary_id)
);
CREATE INDEX life_programme_participants_relais ON life_programme_participants (relais_id);

CREATE TABLE life_programme_registrations (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES life_programme_sessions (id),
  participant_id BIGINT NOT NULL REFERENCES life_programme_participants (id),
  places BIGINT NOT NULL,
  present BIGINT NOT NULL DEFAULT 0,
  registered_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  UNIQUE (session_id, participant_id)
);
CREATE INDEX life_programme_registrations_participant ON life_programme_registrations (participant_id);

CREATE TABLE life_programme_outcomes (
  id INTEGER PRIMARY KEY,
  participant_id BIGINT NOT NULL UNIQUE REFERENCES life_programme_participants (id),
  category TEXT NOT NULL CHECK (category IN ('formation','emploi','autre','aucune')),
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL
);
