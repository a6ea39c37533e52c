-- Partnerships between organisations of the directory, their history, and the yearly target of
-- new social-relay partnerships. Dates are ISO text 'YYYY-MM-DD' ('' when unknown); times are unix seconds.
CREATE TABLE partnerships (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  partner_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('social_relay','cultural','sport','funder','co_organiser')),
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','active','ended')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL DEFAULT '',
  charter_signed_on TEXT NOT NULL DEFAULT '',
  charter_recorded_by BIGINT NOT NULL DEFAULT 0,
  charter_recorded_label TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (organisation_id <> partner_id),
  CHECK (end_date = '' OR end_date >= start_date)
);
CREATE INDEX partnerships_status ON partnerships (status, kind);
CREATE INDEX partnerships_kind_start ON partnerships (kind, start_date);
CREATE INDEX partnerships_organisation ON partnerships (organisation_id);
CREATE INDEX partnerships_partner ON partnerships (partner_id, kind, status);

CREATE TABLE partnership_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  actor_label TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX partnership_events_partnership ON partnership_events (partnership_id, id);

INSERT INTO settings (key, value) VALUES ('partnerships_yearly_target', '20');
