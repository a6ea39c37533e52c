-- Quotes of participants shown on the public site (issue 20, src/website/quotes, docs/website.md « Quotes »).
-- A quote rests on a consent: its date and how it was given are required, and a published quote must
-- have them (CHECK). A consent withdrawn hides the quote everywhere at once (withdrawn_at <> 0); the row
-- is kept for the record. A quote picked from the platform names its source ('outing': the booking of an
-- outing_feedback row; 'training': a questionnaire answer), once (unique index).
CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL CHECK (text <> ''),
  author TEXT NOT NULL CHECK (author <> ''),        -- a role or a first name, never a full name of a person supported
  consent_on TEXT NOT NULL DEFAULT '',              -- 'YYYY-MM-DD': the day the consent was given
  consent_how TEXT NOT NULL DEFAULT '',             -- « oral, enregistré par … », « formulaire d'évaluation »
  recorded_by BIGINT NOT NULL DEFAULT 0,            -- the account that recorded it (0: the demo, the system)
  page_slug TEXT,                                   -- the page it belongs to, by slug (NULL: none)
  programme_id BIGINT REFERENCES training_programmes (id),
  source TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed','outing','training')),
  source_id BIGINT NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  position INTEGER NOT NULL DEFAULT 0,
  withdrawn_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (published = 0 OR (consent_on <> '' AND consent_how <> ''))
);
CREATE INDEX quotes_page ON quotes (page_slug, position);
CREATE INDEX quotes_programme ON quotes (programme_id, position);
CREATE INDEX quotes_shown ON quotes (published, withdrawn_at, position);
CREATE UNIQUE INDEX quotes_source ON quotes (source, source_id) WHERE source <> 'typed';


-- Trainees' quotes: a long-text question may be marked « citable » (quotable); the respondent then ticks
-- « J'accepte que ma réponse soit citée, sans mon nom » and that answer row carries the consent
-- (quote_consent). Anonymous responses keep only their week: the consent's day is that week's Monday.
ALTER TABLE questionnaire_questions ADD COLUMN quotable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questionnaire_answers ADD COLUMN quote_consent INTEGER NOT NULL DEFAULT 0;
