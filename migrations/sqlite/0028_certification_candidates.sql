-- Candidates and evaluation sessions of certifications (src/certification/candidates and
-- evaluations, docs/certification.md). A registration is assessed against the version in force when
-- it was made (version_id); its eligibility is decided with reasons by the certifier's staff. An
-- evaluation session has confidential cases, its candidates (entries) with their time slots, their
-- convocation and their written reports (every upload kept: a replacement marks the older one).
CREATE TABLE certification_registrations (
  id INTEGER PRIMARY KEY,
  certification_id BIGINT NOT NULL REFERENCES certifications (id),
  version_id BIGINT NOT NULL REFERENCES certification_versions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  code TEXT NOT NULL UNIQUE,                        -- C<certification>-<n>: how juries and minutes name them
  origin TEXT NOT NULL DEFAULT 'direct' CHECK (origin IN ('direct','session')),
  training_session_id BIGINT REFERENCES training_sessions (id),
  employer_type TEXT NOT NULL CHECK (employer_type IN ('local_authority','public_body','association','company','self_employed','job_seeker','other')),
  job TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL DEFAULT '',              -- 'YYYY-MM-DD', for the holders' export only
  experience TEXT NOT NULL DEFAULT '',              -- how the prerequisites are met, in the candidate's words
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','eligible','ineligible','withdrawn')),
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX certification_registrations_certification ON certification_registrations (certification_id, status);
CREATE INDEX certification_registrations_user ON certification_registrations (user_id);
-- One registration in progress per person and certification.
CREATE UNIQUE INDEX certification_registrations_active ON certification_registrations (certification_id, user_id)
  WHERE status IN ('submitted','eligible');

CREATE TABLE certification_sessions (
  id INTEGER PRIMARY KEY,
  certification_id BIGINT NOT NULL REFERENCES certifications (id),
  title TEXT NOT NULL,
  day TEXT NOT NULL,                                -- 'YYYY-MM-DD' of the exercises and defences
  place TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  report_deadline BIGINT NOT NULL DEFAULT 0,        -- unix seconds; 0: no written report expected
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','closed')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX certification_sessions_certification ON certification_sessions (certification_id, day);

-- The cases of the situational exercise: confidential (the certifier's staff, and the jury on the day).
CREATE TABLE certification_cases (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES certification_sessions (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX certification_cases_session ON certification_cases (session_id);

CREATE TABLE certification_entries (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES certification_sessions (id),
  registration_id BIGINT NOT NULL REFERENCES certification_registrations (id),
  convened_at BIGINT NOT NULL DEFAULT 0,            -- the convocation's last sending
  created_at BIGINT NOT NULL,
  UNIQUE (session_id, registration_id)
);
CREATE INDEX certification_entries_registration ON certification_entries (registration_id);

CREATE TABLE certification_slots (
  id INTEGER PRIMARY KEY,
  entry_id BIGINT NOT NULL REFERENCES certification_entries (id),
  kind TEXT NOT NULL CHECK (kind IN ('exercise','defence')),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at),
  UNIQUE (entry_id, kind)
);
CREATE INDEX certification_slots_time ON certification_slots (starts_at);

CREATE TABLE certification_reports (
  id INTEGER PRIMARY KEY,
  entry_id BIGINT NOT NULL REFERENCES certification_entries (id),
  filename TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  received_at BIGINT NOT NULL,
  replaced_at BIGINT NOT NULL DEFAULT 0             -- a later upload replaced it; kept for the history
);
CREATE INDEX certification_reports_entry ON certification_reports (entry_id, received_at);
