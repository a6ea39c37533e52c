-- Plans (src/plans/plans; docs/plans.md « Plans »): a plan per organisation and period, its axes, their
-- objectives and their indicators — computed from Trame's data (a key of the catalogue in
-- src/plans/plans/rules.cpp, with its filters) or entered by hand — and the measures entered by hand.

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','closed')),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL DEFAULT 0,
  CHECK (period_to >= period_from)
);
CREATE INDEX plans_organisation ON plans (organisation_id, period_from);

CREATE TABLE plan_axes (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  position BIGINT NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_axes_plan ON plan_axes (plan_id, position);

CREATE TABLE plan_objectives (
  id INTEGER PRIMARY KEY,
  axis_id BIGINT NOT NULL REFERENCES plan_axes (id),
  position BIGINT NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_objectives_axis ON plan_objectives (axis_id, position);

CREATE TABLE plan_indicators (
  id INTEGER PRIMARY KEY,
  objective_id BIGINT NOT NULL REFERENCES plan_objectives (id),
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('computed','manual')),
  -- Computed: a catalogue key and its filters (0 / '' / 0: none).
  catalogue_key TEXT NOT NULL DEFAULT '',
  filter_delegation_id BIGINT NOT NULL DEFAULT 0,
  filter_programme_id BIGINT NOT NULL DEFAULT 0,
  filter_qpv_only BIGINT NOT NULL DEFAULT 0,
  unit TEXT NOT NULL DEFAULT '',
  target DOUBLE PRECISION,
  baseline DOUBLE PRECISION,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (kind = 'manual' OR catalogue_key <> '')
);
CREATE INDEX plan_indicators_objective ON plan_indicators (objective_id, id);

-- The values entered by hand and their history (the last one by date is the current value).
CREATE TABLE plan_measures (
  id INTEGER PRIMARY KEY,
  indicator_id BIGINT NOT NULL REFERENCES plan_indicators (id),
  on_date TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX plan_measures_indicator ON plan_measures (indicator_id, on_date);
