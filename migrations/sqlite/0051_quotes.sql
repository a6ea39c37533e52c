-- Quotes (devis) of a training (src/trainings/quotes; docs/trainings/quotes.md): made by a manager of the
-- session for an application, addressed to the person or to their employer, numbered per organiser and
-- year (D2027-0001), versioned (a change makes version n+1, old versions kept), each version's PDF stored
-- with its SHA-256, sent through the outbox, accepted online by a link (no account) or marked accepted
-- by staff.

-- The last number given per organiser and year (allocated in the write transaction that makes the quote).
CREATE TABLE training_quote_counters (
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  year BIGINT NOT NULL,
  last_number BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, year)
);

CREATE TABLE training_quotes (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),  -- the programme's organiser
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  year BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  number TEXT NOT NULL,                                           -- D2027-0001
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','accepted','declined','expired','cancelled')),
  current_version BIGINT NOT NULL DEFAULT 1,
  -- Acceptance: online (name typed, IP, hash of the version shown) or by staff (accepted_by, note).
  accepted_at BIGINT NOT NULL DEFAULT 0,
  accepted_version BIGINT NOT NULL DEFAULT 0,
  accepted_name TEXT NOT NULL DEFAULT '',
  accepted_ip TEXT NOT NULL DEFAULT '',
  accepted_sha256 TEXT NOT NULL DEFAULT '',
  accepted_by BIGINT NOT NULL DEFAULT 0,
  accepted_day TEXT NOT NULL DEFAULT '',                          -- the day signed (staff), else ''
  accepted_note TEXT NOT NULL DEFAULT '',
  declined_at BIGINT NOT NULL DEFAULT 0,
  declined_reason TEXT NOT NULL DEFAULT '',
  declined_ip TEXT NOT NULL DEFAULT '',
  expired_at BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  cancelled_by BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX training_quotes_number ON training_quotes (organisation_id, year, sequence);
CREATE INDEX training_quotes_session ON training_quotes (session_id, id);
CREATE INDEX training_quotes_application ON training_quotes (application_id);
CREATE INDEX training_quotes_status ON training_quotes (status);

-- Every version of a quote, its PDF and its sending (the outbox row is the proof).
CREATE TABLE training_quote_versions (
  id INTEGER PRIMARY KEY,
  quote_id BIGINT NOT NULL REFERENCES training_quotes (id),
  version BIGINT NOT NULL,
  party_kind TEXT NOT NULL CHECK (party_kind IN ('person','employer')),
  party_name TEXT NOT NULL,
  party_address TEXT NOT NULL DEFAULT '',
  party_email TEXT NOT NULL,
  funding TEXT NOT NULL DEFAULT '',
  valid_until TEXT NOT NULL,                                      -- ISO day, the last day it may be accepted
  vat_exempt BIGINT NOT NULL DEFAULT 1 CHECK (vat_exempt IN (0, 1)),
  vat_rate_per_mille BIGINT NOT NULL DEFAULT 0,
  total_net_cents BIGINT NOT NULL,
  vat_cents BIGINT NOT NULL DEFAULT 0,
  total_cents BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,                                             -- the PDF
  size_bytes BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  superseded_at BIGINT NOT NULL DEFAULT 0,
  outbox_id BIGINT NOT NULL DEFAULT 0,                            -- mail_outbox id of the last sending
  sent_at BIGINT NOT NULL DEFAULT 0,
  sent_to TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX training_quote_versions_number ON training_quote_versions (quote_id, version);

-- The lines of a version: the training, then any other line.
CREATE TABLE training_quote_lines (
  id INTEGER PRIMARY KEY,
  version_id BIGINT NOT NULL REFERENCES training_quote_versions (id),
  position BIGINT NOT NULL,
  label TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
  quantity BIGINT NOT NULL CHECK (quantity >= 1),
  total_cents BIGINT NOT NULL
);
CREATE INDEX training_quote_lines_version ON training_quote_lines (version_id, position);

-- The links sent to the party: sha256 (hex) of a random token; the token itself is only in the e-mail.
CREATE TABLE training_quote_links (
  id INTEGER PRIMARY KEY,
  quote_id BIGINT NOT NULL REFERENCES training_quotes (id),
  version BIGINT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_quote_links_quote ON training_quote_links (quote_id);
