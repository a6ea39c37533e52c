-- Newsletters and notices of network life (src/network_life/newsletters; docs/network_life/newsletters.md):
-- a newsletter of an organiser sent to segments through the mail outbox, one delivery a recipient with
-- the hash of its unsubscribe token, the unsubscriptions per organiser, and the notices shown on the
-- dashboards of a segment until a date. The outbox keeps an HTML version and extra headers
-- (List-Unsubscribe, List-Unsubscribe-Post: RFC 8058).

ALTER TABLE mail_outbox ADD COLUMN html_body TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN extra_headers TEXT NOT NULL DEFAULT '';

CREATE TABLE life_newsletters (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  subject TEXT NOT NULL,
  -- Markdown, rendered in safe mode (HTML) and as plain text.
  body TEXT NOT NULL,
  -- The segments, comma-separated: referents, partners, delegation, members, volunteers.
  segments TEXT NOT NULL,
  -- The délégation of the segment "delegation" (0: none), the year of the segment "members".
  delegation_id BIGINT NOT NULL DEFAULT 0,
  member_year BIGINT NOT NULL DEFAULT 0,
  -- Readable by anyone in the archive once sent.
  public_archive BIGINT NOT NULL DEFAULT 1 CHECK (public_archive IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','scheduled','sent')),
  -- Unix seconds; 0: none.
  scheduled_at BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0,
  recipients_count BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_newsletters_organiser ON life_newsletters (organiser_id, status);
CREATE INDEX life_newsletters_due ON life_newsletters (status, scheduled_at);

CREATE TABLE life_newsletter_deliveries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  newsletter_id BIGINT NOT NULL REFERENCES life_newsletters (id),
  email TEXT NOT NULL,
  user_id BIGINT NOT NULL DEFAULT 0,
  -- sha256 (hex) of the random token of the unsubscribe link; the token itself is only in the e-mail.
  token_hash TEXT NOT NULL UNIQUE,
  mail_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (newsletter_id, email)
);

CREATE TABLE life_newsletter_unsubscriptions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  -- Lower-cased.
  email TEXT NOT NULL,
  newsletter_id BIGINT NOT NULL DEFAULT 0,
  unsubscribed_at BIGINT NOT NULL,
  UNIQUE (organiser_id, email)
);

CREATE TABLE life_notices (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  -- One segment: referents, partners, delegation, members, volunteers.
  segment TEXT NOT NULL CHECK (segment IN ('referents','partners','delegation','members','volunteers')),
  delegation_id BIGINT NOT NULL DEFAULT 0,
  -- Shown until this day included ('YYYY-MM-DD', Paris).
  ends_on TEXT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_notices_segment ON life_notices (segment, ends_on);
