-- Training agreements and contracts (src/trainings/agreements; docs/trainings/agreements.md): a convention de
-- formation (Code du travail L6353-1, with an employer or a funder) or a contrat de formation professionnelle
-- (L6353-3 to L6353-7, with a person paying themselves) for one application; its content as printed in the
-- current version; every version's PDF kept with its SHA-256 and its outbox message; signed online through a
-- link (only the hash of its token is kept) or uploaded signed; the withdrawal period of a contract.
-- Times are unix seconds; money in cents; durations in minutes.

CREATE TABLE training_agreements (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  kind TEXT NOT NULL CHECK (kind IN ('convention','contract')),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','signed','withdrawn','cancelled')),
  -- The other party: an employer or funder (convention) or the trainee (contract).
  party_name TEXT NOT NULL,
  party_representative TEXT NOT NULL DEFAULT '',
  party_email TEXT NOT NULL,
  -- The content, as printed in the current version.
  title TEXT NOT NULL,
  objectives TEXT NOT NULL DEFAULT '',
  programme TEXT NOT NULL DEFAULT '',
  action_type TEXT NOT NULL DEFAULT 'action_formation',
  duration_minutes BIGINT NOT NULL DEFAULT 0,
  place TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL DEFAULT 'presentiel' CHECK (mode IN ('presentiel','distanciel','mixte')),
  sanction TEXT NOT NULL DEFAULT '',
  trainers TEXT NOT NULL DEFAULT '',
  price_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  advance_percent BIGINT NOT NULL DEFAULT 0 CHECK (advance_percent BETWEEN 0 AND 30),
  starts_at BIGINT NOT NULL DEFAULT 0,
  ends_at BIGINT NOT NULL DEFAULT 0,
  max_trainees BIGINT NOT NULL DEFAULT 0,
  -- The current (latest) version and its hash: a signature must name this hash.
  current_version BIGINT NOT NULL DEFAULT 0,
  current_sha256 TEXT NOT NULL DEFAULT '',
  -- sha256 of the random token of the link sent with the latest sending ('' before the first).
  token_hash TEXT NOT NULL DEFAULT '',
  -- Signature: online (typed name, IP, user agent, the hash of the version signed) or uploaded signed.
  signature_kind TEXT NOT NULL DEFAULT '' CHECK (signature_kind IN ('','online','upload')),
  signed_at BIGINT NOT NULL DEFAULT 0,
  signed_version BIGINT NOT NULL DEFAULT 0,
  signed_sha256 TEXT NOT NULL DEFAULT '',
  signer_name TEXT NOT NULL DEFAULT '',
  signer_ip TEXT NOT NULL DEFAULT '',
  signer_agent TEXT NOT NULL DEFAULT '',
  upload_name TEXT NOT NULL DEFAULT '',
  upload_sha256 TEXT NOT NULL DEFAULT '',
  upload_size BIGINT NOT NULL DEFAULT 0,
  upload_data BLOB,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  -- Contracts: the end of the withdrawal period (exclusive), the withdrawal.
  withdrawal_ends_at BIGINT NOT NULL DEFAULT 0,
  withdrawn_at BIGINT NOT NULL DEFAULT 0,
  withdrawn_ip TEXT NOT NULL DEFAULT '',
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_agreements_session ON training_agreements (session_id, created_at);
CREATE INDEX training_agreements_application ON training_agreements (application_id, kind);
CREATE INDEX training_agreements_token ON training_agreements (token_hash);

CREATE TABLE training_agreement_versions (
  id INTEGER PRIMARY KEY,
  agreement_id BIGINT NOT NULL REFERENCES training_agreements (id),
  number BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  size_bytes BIGINT NOT NULL,
  -- The text printed (sections: '## ' heading lines, paragraphs separated by a blank line): what the
  -- signing page shows of this version.
  content TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  -- The outbox message that sent it (0: not sent) and to whom.
  outbox_id BIGINT NOT NULL DEFAULT 0,
  sent_to TEXT NOT NULL DEFAULT '',
  sent_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (agreement_id, number)
);
