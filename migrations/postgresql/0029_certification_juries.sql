-- Juries, grids, deliberation, minutes and certificates of certifications (src/certification/juries,
-- deliberation, certificates; docs/certification.md).

-- The jury of an evaluation session: professionals of the field and the certifier's
-- representative, one of them the chair. A member may belong to any organisation.
CREATE TABLE certification_jury_members (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES certification_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL DEFAULT 'professional' CHECK (kind IN ('professional','certifier')),
  chair INTEGER NOT NULL DEFAULT 0 CHECK (chair IN (0, 1)),
  created_at BIGINT NOT NULL,
  UNIQUE (session_id, user_id)
);
CREATE UNIQUE INDEX certification_jury_members_chair ON certification_jury_members (session_id) WHERE chair = 1;
CREATE INDEX certification_jury_members_user ON certification_jury_members (user_id);

-- Conflicts of interest declared by either side (the jury member, or the certifier's staff for the
-- candidate), with the reason; the known ones (trained, coached, employs) are computed.
CREATE TABLE certification_declared_conflicts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registration_id BIGINT NOT NULL REFERENCES certification_registrations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  declared_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (registration_id, user_id)
);

-- The jury is validated once every candidate has two eligible graders at least.
ALTER TABLE certification_sessions ADD COLUMN jury_validated_at BIGINT NOT NULL DEFAULT 0;

-- A juror's grid for one candidate of a session: a mark per criterion of the candidate's version.
CREATE TABLE certification_grids (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id BIGINT NOT NULL REFERENCES certification_entries (id),
  juror_id BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
  submitted_at BIGINT NOT NULL DEFAULT 0,
  reopened_at BIGINT NOT NULL DEFAULT 0,
  reopened_reason TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (entry_id, juror_id)
);
CREATE INDEX certification_grids_juror ON certification_grids (juror_id, status);

CREATE TABLE certification_grid_marks (
  grid_id BIGINT NOT NULL REFERENCES certification_grids (id),
  criterion_id BIGINT NOT NULL REFERENCES certification_criteria (id),
  mark TEXT NOT NULL CHECK (mark IN ('acquired','partly','not_acquired')),
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (grid_id, criterion_id)
);

-- The jury's decision on each block for a candidate, with its reasons. A validated block stays
-- acquired for the certification's validity period (partial validation).
CREATE TABLE certification_block_decisions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id BIGINT NOT NULL REFERENCES certification_entries (id),
  block_id BIGINT NOT NULL REFERENCES certification_blocks (id),
  validated INTEGER NOT NULL CHECK (validated IN (0, 1)),
  reasons TEXT NOT NULL,
  decided_by BIGINT NOT NULL,
  decided_at BIGINT NOT NULL,
  UNIQUE (entry_id, block_id)
);

-- The minutes (procès-verbal) of a session: made once every candidate is deliberated, confirmed by
-- each jury member with their own account, then locked with the PDF's SHA-256.
CREATE TABLE certification_minutes (
  session_id BIGINT PRIMARY KEY REFERENCES certification_sessions (id),
  pdf BYTEA NOT NULL,
  sha256 TEXT NOT NULL,
  made_at BIGINT NOT NULL,
  locked_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE certification_minutes_confirmations (
  session_id BIGINT NOT NULL REFERENCES certification_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  confirmed_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

-- Certificates (parchemins): one per candidate and locked minutes, listing the acquired blocks; a
-- public code signed on the server (HMAC, key id kept so that older keys still verify); revocable.
CREATE TABLE certification_certificates (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registration_id BIGINT NOT NULL REFERENCES certification_registrations (id),
  session_id BIGINT NOT NULL REFERENCES certification_sessions (id),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),   -- 1: every block; 0: partial
  blocks TEXT NOT NULL,                                   -- the acquired blocks' codes, comma-separated
  issued_at BIGINT NOT NULL,
  key_id TEXT NOT NULL DEFAULT '',
  pdf BYTEA NOT NULL,
  sha256 TEXT NOT NULL,
  revoked_at BIGINT NOT NULL DEFAULT 0,
  revoked_reason TEXT NOT NULL DEFAULT '',
  exported_at BIGINT NOT NULL DEFAULT 0,                  -- in a holders' export
  UNIQUE (registration_id, session_id)
);
CREATE INDEX certification_certificates_exported ON certification_certificates (exported_at, issued_at);
