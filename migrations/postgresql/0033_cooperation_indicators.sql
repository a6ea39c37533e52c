-- Indicator watch of cooperation projects (src/cooperation/indicators; docs/cooperation/indicators.md):
-- indicators computed from Trame's own data for the project's communes (a key of the catalogue in
-- src/cooperation/indicators/catalogue.cpp) or entered by hand with their source; their points, one
-- per period ('YYYY' or 'YYYY-MM'), and their targets.

CREATE TABLE cooperation_indicators (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  -- A catalogue key for a computed indicator; '' for one entered by hand.
  computed_key TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  -- Entered by hand: where the figures come from (required) and a link to it (optional).
  source_text TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  period_kind TEXT NOT NULL DEFAULT 'year' CHECK (period_kind IN ('year','month')),
  -- The first period of the series.
  since TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- Computed: when its points were last computed (0: never); run_due refreshes the oldest first.
  refreshed_at BIGINT NOT NULL DEFAULT 0,
  CHECK (computed_key <> '' OR source_text <> '')
);
CREATE INDEX cooperation_indicators_project ON cooperation_indicators (project_id, id);
CREATE UNIQUE INDEX cooperation_indicators_key ON cooperation_indicators (project_id, computed_key) WHERE computed_key <> '';
CREATE INDEX cooperation_indicators_due ON cooperation_indicators (refreshed_at) WHERE computed_key <> '';

-- One value per period. A computed point of a period that was over when it was computed is kept as it
-- is (the series does not move afterwards); the current period's is computed again on refresh.
CREATE TABLE cooperation_indicator_points (
  indicator_id BIGINT NOT NULL REFERENCES cooperation_indicators (id),
  period TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  -- Computed points: when (0 for a point entered by hand, then entered_by says who).
  computed_at BIGINT NOT NULL DEFAULT 0,
  entered_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (indicator_id, period)
);

-- A value to reach by the end of a period (at least it: up; at most it: down); one per period.
CREATE TABLE cooperation_indicator_targets (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_id BIGINT NOT NULL REFERENCES cooperation_indicators (id),
  period TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up','down')),
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (indicator_id, period)
);
