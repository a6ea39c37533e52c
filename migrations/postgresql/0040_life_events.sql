-- Network life: events (src/network_life/events; docs/network_life/events.md). Kinds are data; an event
-- is organised by an organisation of the directory, in person (a place of the directory) or online (a
-- link shown to registered people only, the day before and on the day); registrations of professionals
-- (themselves) or of people supported (by their referent, under their pseudonymous beneficiary code),
-- with a capacity and a waiting list, a reminder, attendance and an evaluation sent after.

CREATE TABLE life_event_kinds (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  -- 1: the people supported are registered (by their referent, under their beneficiary code).
  for_people_supported BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO life_event_kinds (key, label, for_people_supported, position) VALUES
  ('cafe_decouverte', 'Café découverte', 0, 1),
  ('atelier_appropriation', 'Atelier d''appropriation', 0, 2),
  ('rencontre_interpro', 'Rencontre interprofessionnelle', 0, 3),
  ('rencontre_locale', 'Rencontre locale', 0, 4),
  ('colloque', 'Journée de réflexion / colloque', 0, 5),
  ('formation_courte', 'Formation courte', 0, 6),
  ('evenement_publics', 'Événement pour les publics', 1, 7);

CREATE TABLE life_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL REFERENCES life_event_kinds (key),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  -- Unix seconds; the pages show them in Europe/Paris.
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  mode TEXT NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person','online')),
  -- In person: the place (an organisation of the directory, its address and accessibility shown).
  place_id BIGINT REFERENCES organisations (id),
  place_detail TEXT NOT NULL DEFAULT '',
  -- Online: the link (shown to registered people only, the day before and on the day).
  online_url TEXT NOT NULL DEFAULT '',
  capacity BIGINT NOT NULL CHECK (capacity > 0),
  -- Registrations close at this time (at the latest the start).
  closes_at BIGINT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'network' CHECK (visibility IN ('network','public')),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','cancelled')),
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  -- The evaluation questionnaire's sending (questionnaire_campaigns.id), once; 0: not sent.
  evaluation_campaign_id BIGINT NOT NULL DEFAULT 0,
  sequence BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_events_starts ON life_events (starts_at);
CREATE INDEX life_events_organiser ON life_events (organiser_id, starts_at);

CREATE TABLE life_event_registrations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES life_events (id),
  -- A professional (user_id) or a person supported (beneficiary_id, registered by their referent).
  user_id BIGINT REFERENCES users (id),
  beneficiary_id BIGINT REFERENCES beneficiaries (id),
  -- The organisation the person comes for (their organisation, or the beneficiary's relais).
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  registered_by BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('registered','waiting','cancelled')),
  attendance TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('','present','absent')),
  attendance_at BIGINT NOT NULL DEFAULT 0,
  reminded_at BIGINT NOT NULL DEFAULT 0,
  promoted_at BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((user_id IS NULL) <> (beneficiary_id IS NULL))
);
-- One live registration per person and event (twice is refused; a race loses on these keys).
CREATE UNIQUE INDEX life_event_registrations_user ON life_event_registrations (event_id, user_id)
  WHERE user_id IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX life_event_registrations_beneficiary ON life_event_registrations (event_id, beneficiary_id)
  WHERE beneficiary_id IS NOT NULL AND status <> 'cancelled';
CREATE INDEX life_event_registrations_event ON life_event_registrations (event_id, status, id);
CREATE INDEX life_event_registrations_by ON life_event_registrations (registered_by);
