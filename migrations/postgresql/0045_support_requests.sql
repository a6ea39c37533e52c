-- Support requests (src/network_life/support_requests; docs/network_life/support_requests.md): a social
-- team (staff of a relais) asks the network head (the organiser) for individual support to set up or
-- improve the practice in its structure; the coordinator sets an appointment, writes internal notes and
-- follow-up entries, and closes it with an outcome from fixed categories and a short summary.

CREATE TABLE life_support_requests (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The organisation asked (its network_life.manage staff handle the request).
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  -- The structure asking.
  relais_id BIGINT NOT NULL REFERENCES organisations (id),
  subject TEXT NOT NULL,
  context TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL DEFAULT '',
  wished_period TEXT NOT NULL DEFAULT '',
  -- requested, scheduled (an appointment is set), closed.
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','scheduled','closed')),
  -- The appointment: unix seconds (0: none), a place or online (with its link, optional).
  appointment_at BIGINT NOT NULL DEFAULT 0,
  appointment_place TEXT NOT NULL DEFAULT '',
  appointment_online BIGINT NOT NULL DEFAULT 0,
  -- Internal notes: the organiser's managers only, never the structure.
  notes TEXT NOT NULL DEFAULT '',
  -- On closing: one of the fixed categories and a short summary the structure sees.
  outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','set_up','improved','redirected','no_follow_up')),
  summary TEXT NOT NULL DEFAULT '',
  requested_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL DEFAULT 0,
  closed_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX life_support_requests_organiser ON life_support_requests (organiser_id, status, created_at);
CREATE INDEX life_support_requests_relais ON life_support_requests (relais_id, created_at);

-- Follow-up entries (dated steps of the support), shown to the structure.
CREATE TABLE life_support_followups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES life_support_requests (id),
  body TEXT NOT NULL,
  written_by BIGINT NOT NULL REFERENCES users (id),
  written_at BIGINT NOT NULL
);
CREATE INDEX life_support_followups_request ON life_support_followups (request_id, written_at);
