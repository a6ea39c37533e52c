-- Reach and dormant relais (issue 19): the « relances » sent to a dormant relais' onboarded referents.
-- outing_relaunches is the history (who, when, to how many); outing_relaunch_last holds one row per relais
-- with the last relance, moved only by a conditional upsert (at most once per 30 days, counted in the write).
CREATE TABLE outing_relaunches (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  at BIGINT NOT NULL,
  by_user BIGINT NOT NULL DEFAULT 0,
  recipients BIGINT NOT NULL CHECK (recipients >= 1)
);
CREATE INDEX outing_relaunches_organisation ON outing_relaunches (organisation_id, at);

CREATE TABLE outing_relaunch_last (
  organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
  at BIGINT NOT NULL
);
