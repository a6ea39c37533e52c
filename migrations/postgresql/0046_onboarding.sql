-- Referents' onboarding (src/network_life/onboarding; docs/network_life/onboarding.md): each time a
-- referent of a relais is marked present at an atelier d'appropriation (events), one row here; the
-- same transaction sets memberships.onboarded_on, the date the outings' booking gate reads (the manual
-- date recorded at /sorties/referents stays there for history).

CREATE TABLE life_onboardings (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  -- The relais the referent was onboarded for.
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  -- The event attended (the events module's id) and its kind's key.
  event_id BIGINT NOT NULL,
  source TEXT NOT NULL DEFAULT 'atelier_appropriation',
  -- ISO day of the workshop.
  day TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX life_onboardings_once ON life_onboardings (user_id, organisation_id, event_id);
CREATE INDEX life_onboardings_relais ON life_onboardings (organisation_id, day);
